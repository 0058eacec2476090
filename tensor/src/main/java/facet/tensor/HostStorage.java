package facet.tensor;

/** Storage in a Java array: float[] for F32, double[] for F64, int[] for I32. */
public record HostStorage(DType dtype, Object array) implements Storage {
    public HostStorage {
        boolean ok = switch (dtype) {
            case F32 -> array instanceof float[];
            case F64 -> array instanceof double[];
            case I32 -> array instanceof int[];
        };
        if (!ok) throw new IllegalArgumentException("storage: " + array.getClass().getSimpleName() + " cannot hold " + dtype);
    }

    public static HostStorage allocate(DType dtype, int n) {
        return new HostStorage(dtype, switch (dtype) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case I32 -> new int[n];
        });
    }

    @Override public Device device() { return Device.CPU; }

    @Override public int length() { return java.lang.reflect.Array.getLength(array); }

    public float[] floats() { return (float[]) array; }

    public double[] doubles() { return (double[]) array; }

    public int[] ints() { return (int[]) array; }
}
