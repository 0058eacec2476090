package facet.kernels.cuda;

/** Launcher of softmax.cu: softmax or log-softmax along one axis, one block per row, out contiguous. */
public final class Softmax {
    private Softmax() {}

    public static Launch softmax(boolean log, int[] shape, int[] xStrides, int axis, long x, long out) {
        boolean[] mask = new boolean[shape.length];
        mask[axis] = true;
        int[] os = Layout.contiguous(shape);
        Layout outer = Layout.of(Layout.pick(shape, mask, false), Layout.pick(xStrides, mask, false), Layout.pick(os, mask, false));
        long m = outer.count();
        if (m == 0 || shape[axis] == 0) return null;
        return new Launch("softmax_f32", Dim3.of(Norm.checkedGrid(m)), Dim3.of(128), 0, new KernelArgs().i32(log ? 1 : 0)
                .sizes(outer.sizes()).strides(outer.strides(0)).strides(outer.strides(1)).i64(m).i32(shape[axis])
                .i64(xStrides[axis]).i64(os[axis]).ptr(x).ptr(out));
    }
}
