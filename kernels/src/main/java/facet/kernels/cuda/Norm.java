package facet.kernels.cuda;

/**
 * Launchers of norm.cu: standardisation over the dims in {@code mask} and its backward, one
 * block per kept index. Outputs are contiguous in x's shape; rstd is contiguous over the kept dims.
 */
public final class Norm {
    private Norm() {}

    /** xhat = (x - mean) * rstd (contiguous in x's shape) and rstd from x (a view of that shape). */
    public static Launch forward(int[] shape, int[] xStrides, boolean[] mask, float eps, long x, long xhat, long rstd) {
        int[] os = Layout.contiguous(shape);
        Layout outer = Layout.of(Layout.pick(shape, mask, false), Layout.pick(xStrides, mask, false), Layout.pick(os, mask, false));
        Layout inner = Layout.of(Layout.pick(shape, mask, true), Layout.pick(xStrides, mask, true), Layout.pick(os, mask, true));
        long m = outer.count(), k = inner.count();
        if (m == 0) return null;
        return new Launch("norm_f32", Dim3.of(checkedGrid(m)), Dim3.of(Launch.THREADS), 0, new KernelArgs()
                .sizes(outer.sizes()).strides(outer.strides(0)).strides(outer.strides(1))
                .sizes(inner.sizes()).strides(inner.strides(0)).strides(inner.strides(1))
                .i64(m).i64(k).f32(eps).ptr(x).ptr(xhat).ptr(rstd));
    }

    /** dX (contiguous) from dY and xhat (views of x's shape) and rstd (contiguous over the kept dims). */
    public static Launch backward(int[] shape, boolean[] mask, long dy, int[] dyStrides, long xhat, int[] xhatStrides, long rstd, long dx) {
        int[] os = Layout.contiguous(shape);
        Layout outer = Layout.of(Layout.pick(shape, mask, false), Layout.pick(dyStrides, mask, false),
                Layout.pick(xhatStrides, mask, false), Layout.pick(os, mask, false));
        Layout inner = Layout.of(Layout.pick(shape, mask, true), Layout.pick(dyStrides, mask, true),
                Layout.pick(xhatStrides, mask, true), Layout.pick(os, mask, true));
        long m = outer.count(), k = inner.count();
        if (m == 0) return null;
        return new Launch("norm_backward_f32", Dim3.of(checkedGrid(m)), Dim3.of(Launch.THREADS), 0, new KernelArgs()
                .sizes(outer.sizes()).strides(outer.strides(0)).strides(outer.strides(1)).strides(outer.strides(2))
                .sizes(inner.sizes()).strides(inner.strides(0)).strides(inner.strides(1)).strides(inner.strides(2))
                .i64(m).i64(k).ptr(dy).ptr(xhat).ptr(rstd).ptr(dx));
    }

    static int checkedGrid(long blocks) {
        if (blocks > Dim3.MAX_X) throw new IllegalArgumentException(blocks + " rows exceed one grid");
        return (int) blocks;
    }
}
