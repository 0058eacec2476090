package facet.tensor;

import facet.kernels.PoolGeometry;

/**
 * 2-d pooling over NCHW tensors (max, average, global average) and the backward passes their
 * autograd rules call; the kernels are pool2d.cu / facet.kernels.cuda.Pool2d / facet.kernels.cpu.Pool2d.
 * Glossary: N batch, C channels, H x W input size, OH x OW output size.
 */
public final class Pool2d {
    private Pool2d() {}

    /** x (N, C, H, W) -> values, the max over each window (N, C, OH, OW), and idx, the int32 flat index of the winner in its H x W plane. */
    public static MaxPoolResult maxPool2d(Tensor x, PoolParams p) {
        x.requireFloat("max_pool2d");
        int[] s = x.shape();
        PoolGeometry g = p.geometry("max_pool2d", s);
        MaxPoolResult r = x.backend().maxPool2d(x, g);
        return new MaxPoolResult(r.values().reshape(s[0], s[1], g.oh(), g.ow()), r.idx().reshape(s[0], s[1], g.oh(), g.ow()));
    }

    /** dOut (N, C, OH, OW), idx of {@link #maxPool2d} -> dX (xShape): routes each dOut element to the input position that won its window. */
    public static Tensor maxPool2dBackward(Tensor dOut, Tensor indices, int[] xShape) {
        int planes = xShape[0] * xShape[1], hw = xShape[2] * xShape[3];
        return Index.scatterAdd(new int[] {planes, hw}, 1, indices.reshape(planes, -1), dOut.reshape(planes, -1))
                .reshape(xShape);
    }

    /** x (N, C, H, W) -> (N, C, OH, OW), the mean over each window; countPad includes padded cells in the divisor (PyTorch's default). */
    public static Tensor avgPool2d(Tensor x, PoolParams p, boolean countPad) {
        x.requireFloat("avg_pool2d");
        int[] s = x.shape();
        PoolGeometry g = p.geometry("avg_pool2d", s);
        return x.backend().avgPool2d(x, g, countPad).reshape(s[0], s[1], g.oh(), g.ow());
    }

    /** dOut (N, C, OH, OW) -> dX (xShape): each window's gradient spread evenly over it. */
    public static Tensor avgPool2dBackward(Tensor dOut, int[] xShape, PoolParams p, boolean countPad) {
        return dOut.backend().avgPool2dBackward(dOut, p.geometry("avg_pool2d_backward", xShape), countPad).reshape(xShape);
    }

    /** x (N, C, H, W) -> (N, C): the mean of each channel's plane, as {@link #globalAvgPool(Tensor, int)} over (N, C, H * W). */
    public static Tensor globalAvgPool(Tensor x) {
        x.requireDim("global_avg_pool", 4, "(N, C, H, W)");
        return globalAvgPool(x.reshape(x.size(0), x.size(1), x.size(2) * x.size(3)), 2);
    }

    /** x (..., A, ...) -> the mean along axis, which is removed (Backend#globalAvgPool; kernels gap.cu / cuda.Gap / cpu.Gap). */
    public static Tensor globalAvgPool(Tensor x, int axis) {
        x.requireFloat("global_avg_pool");
        int a = Shape.axis("global_avg_pool", axis, x.dim());
        if (x.size(a) == 0) throw new IllegalArgumentException("global_avg_pool: axis " + axis + " of " + Shape.str(x.shape()) + " is empty");
        return x.backend().globalAvgPool(x, a);
    }
}
