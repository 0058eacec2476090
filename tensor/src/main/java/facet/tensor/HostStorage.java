package facet.tensor;

/**
 * Storage in a Java array: float[] for F32, double[] for F64, int[] for I32. A large float array
 * allocated inside a {@link StepArena} scope carries a lease and may be read only during its step.
 */
public final class HostStorage implements Storage {
    private final DType dtype;
    private final Object array;
    private StepArena.Lease lease;

    public HostStorage(DType dtype, Object array) { this(dtype, array, null); }

    HostStorage(DType dtype, Object array, StepArena.Lease lease) {
        boolean ok = switch (dtype) {
            case F32 -> array instanceof float[];
            case F64 -> array instanceof double[];
            case I32 -> array instanceof int[];
        };
        if (!ok) throw new IllegalArgumentException("storage: " + array.getClass().getSimpleName() + " cannot hold " + dtype);
        this.dtype = dtype;
        this.array = array;
        this.lease = lease;
    }

    /** Zero-filled storage of n elements. */
    public static HostStorage allocate(DType dtype, int n) {
        HostStorage h = dtype == DType.F32 ? StepArena.floats(n, false) : null;
        return h != null ? h : unpooled(dtype, n);
    }

    /** Storage of n elements whose contents are undefined: for an op that writes every element before anything reads one. */
    public static HostStorage forOverwrite(DType dtype, int n) {
        HostStorage h = dtype == DType.F32 ? StepArena.floats(n, true) : null;
        return h != null ? h : unpooled(dtype, n);
    }

    /** A fresh zeroed Java array that belongs to no step, whatever scope is open. */
    static HostStorage unpooled(DType dtype, int n) {
        return new HostStorage(dtype, switch (dtype) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case I32 -> new int[n];
        });
    }

    public DType dtype() { return dtype; }

    @Override public Device device() { return Device.CPU; }

    @Override public int length() { return java.lang.reflect.Array.getLength(array); }

    /** The array; fails when its step has ended (see {@link StepArena}). */
    public Object array() {
        StepArena.Lease l = lease;
        if (l != null) l.check();
        return array;
    }

    public float[] floats() { return (float[]) array(); }

    public double[] doubles() { return (double[]) array(); }

    public int[] ints() { return (int[]) array(); }

    StepArena.Lease lease() { return lease; }

    float[] floatsUnchecked() { return (float[]) array; }

    void release() { lease = null; }
}
