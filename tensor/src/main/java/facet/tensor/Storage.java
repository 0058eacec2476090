package facet.tensor;

/** A flat buffer of one dtype on one device; tensors are strided views over it. */
public interface Storage {
    Device device();

    DType dtype();

    /** Number of elements. */
    int length();
}
