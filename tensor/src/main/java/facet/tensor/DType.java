package facet.tensor;

/** Element types. F32 is the working type, F64 the reference path, I32 holds indices and labels. */
public enum DType {
    F32(4), F64(8), I32(4);

    public final int bytes;

    DType(int bytes) { this.bytes = bytes; }

    public boolean isFloat() { return this != I32; }
}
