package facet.tensor;

/** What max pooling returns: the max of each window, and idx (int32) the flat index of the winner within its H x W plane, same shape. */
public record MaxPoolResult(Tensor values, Tensor idx) {}
