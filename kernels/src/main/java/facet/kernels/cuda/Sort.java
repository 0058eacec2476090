package facet.kernels.cuda;

/** Launcher of sort.cu: stable argsort of rows of at most {@link #MAX_ROW} elements, one block per row. */
public final class Sort {
    private Sort() {}

    /** Longer rows do not fit the shared-memory bitonic sort; the backend sorts them on the host. */
    public static final int MAX_ROW = 4096;

    public static boolean supports(int n) { return n <= MAX_ROW; }

    /** int32 out (contiguous in x's shape) = the stable sort order of x along axis. */
    public static Launch argsort(int[] shape, int[] xStrides, int axis, boolean descending, long x, long out) {
        int n = shape[axis];
        if (!supports(n)) throw new IllegalArgumentException("argsort: rows of " + n + " exceed the GPU sort's " + MAX_ROW);
        boolean[] mask = new boolean[shape.length];
        mask[axis] = true;
        int[] os = Layout.contiguous(shape);
        Layout outer = Layout.of(Layout.pick(shape, mask, false), Layout.pick(xStrides, mask, false), Layout.pick(os, mask, false));
        long rows = outer.count();
        if (rows == 0 || n == 0) return null;
        int p = Integer.highestOneBit(Math.max(1, n - 1)) << (n > 1 ? 1 : 0);
        return new Launch("argsort_f32", Dim3.of(Norm.checkedGrid(rows)), Dim3.of(Launch.THREADS), 8 * p, new KernelArgs()
                .sizes(outer.sizes()).strides(outer.strides(0)).strides(outer.strides(1)).i64(rows).i32(n).i64(xStrides[axis])
                .i64(os[axis]).i32(descending ? 1 : 0).i32(p).ptr(x).ptr(out));
    }
}
