package facet.tensor;

/** What max pooling returns: values, the max of each window, and idx (int32, same shape), the winner's flat index in its H x W plane. */
public record MaxPoolResult(Tensor values, Tensor idx) {}
