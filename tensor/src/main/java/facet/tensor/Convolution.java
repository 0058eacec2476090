package facet.tensor;

import facet.kernels.ConvGeometry;
import facet.kernels.PoolGeometry;

/**
 * Convolution and pooling over NCHW tensors, and the backward passes their autograd rules
 * call. Glossary: N batch, C input channels, O output channels, H x W input size, OH x OW
 * output size, KH x KW kernel or window.
 */
public final class Convolution {
    private Convolution() {}

    /** x (N, C, H, W), w (O, C/groups, KH, KW) -> (N, O, OH, OW). No bias: add it by broadcasting. */
    public static Tensor conv2d(Tensor x, Tensor w, ConvParams p) {
        check("conv2d", x, w);
        return x.backend().conv2d(x, w, p.geometry("conv2d", x.shape(), w.shape()));
    }

    /** dOut (N, O, OH, OW) -> dX with the input's shape. */
    public static Tensor conv2dBackwardInput(Tensor dOut, Tensor w, int[] xShape, ConvParams p) {
        check("conv2d_backward_input", dOut, w);
        ConvGeometry g = p.geometry("conv2d_backward_input", xShape, w.shape());
        requireOut("conv2d_backward_input", dOut, g);
        return dOut.backend().conv2dBackwardInput(dOut, w, g);
    }

    /** dOut (N, O, OH, OW), x -> dW with the weight's shape. */
    public static Tensor conv2dBackwardWeight(Tensor x, Tensor dOut, int[] wShape, ConvParams p) {
        check("conv2d_backward_weight", x, dOut);
        ConvGeometry g = p.geometry("conv2d_backward_weight", x.shape(), wShape);
        requireOut("conv2d_backward_weight", dOut, g);
        return x.backend().conv2dBackwardWeight(x, dOut, g);
    }

    /** x (N, C, H, W) -> {max over each window (N, C, OH, OW), int32 flat index of the winner in its H x W plane}. */
    public static Tensor[] maxPool2d(Tensor x, PoolParams p) {
        x.requireFloat("max_pool2d");
        int[] s = x.shape();
        PoolGeometry g = p.geometry("max_pool2d", s);
        Tensor[] r = x.backend().maxPool2d(x, g);
        return new Tensor[] {r[0].reshape(s[0], s[1], g.oh(), g.ow()), r[1].reshape(s[0], s[1], g.oh(), g.ow())};
    }

    /** Routes each dOut element to the input position that won its window. */
    public static Tensor maxPool2dBackward(Tensor dOut, Tensor indices, int[] xShape) {
        int planes = xShape[0] * xShape[1], hw = xShape[2] * xShape[3];
        return Indexing.scatterAdd(new int[] {planes, hw}, 1, indices.reshape(planes, -1), dOut.reshape(planes, -1))
                .reshape(xShape);
    }

    /** Mean over each window; countPad includes padded cells in the divisor (PyTorch's default). */
    public static Tensor avgPool2d(Tensor x, PoolParams p, boolean countPad) {
        x.requireFloat("avg_pool2d");
        int[] s = x.shape();
        PoolGeometry g = p.geometry("avg_pool2d", s);
        return x.backend().avgPool2d(x, g, countPad).reshape(s[0], s[1], g.oh(), g.ow());
    }

    public static Tensor avgPool2dBackward(Tensor dOut, int[] xShape, PoolParams p, boolean countPad) {
        return dOut.backend().avgPool2dBackward(dOut, p.geometry("avg_pool2d_backward", xShape), countPad).reshape(xShape);
    }

    /** x (N, C, H, W) -> (N, C): the mean of each channel's plane, as {@link #globalAvgPool(Tensor, int)} over (N, C, H * W). */
    public static Tensor globalAvgPool(Tensor x) {
        x.requireDim("global_avg_pool", 4, "(N, C, H, W)");
        return globalAvgPool(x.reshape(x.size(0), x.size(1), x.size(2) * x.size(3)), 2);
    }

    /** x (..., A, ...) -> the mean along axis, which is removed (Backend#globalAvgPool). */
    public static Tensor globalAvgPool(Tensor x, int axis) {
        x.requireFloat("global_avg_pool");
        int a = Shape.axis("global_avg_pool", axis, x.dim());
        if (x.size(a) == 0) throw new IllegalArgumentException("global_avg_pool: axis " + axis + " of " + Shape.str(x.shape()) + " is empty");
        return x.backend().globalAvgPool(x, a);
    }

    private static void check(String op, Tensor a, Tensor b) {
        a.requireFloat(op);
        a.requireSame(op, b);
    }

    private static void requireOut(String op, Tensor dOut, ConvGeometry g) {
        int[] want = {g.n(), g.o(), g.oh(), g.ow()};
        if (!java.util.Arrays.equals(dOut.shape(), want)) {
            throw new IllegalArgumentException(op + ": gradient has shape " + Shape.str(dOut.shape()) + ", expected " + Shape.str(want));
        }
    }
}
