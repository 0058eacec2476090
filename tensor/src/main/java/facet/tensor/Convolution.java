package facet.tensor;

import facet.kernels.ConvGeometry;

/**
 * Convolution over NCHW tensors, and the backward passes its autograd rule calls (pooling is
 * {@link Pool2d}). Glossary: N batch, C input channels, O output channels, H x W input size,
 * OH x OW output size, KH x KW kernel.
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
