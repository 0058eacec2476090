package facet.autograd;

import facet.tensor.ConvParams;
import facet.tensor.Convolution;
import facet.tensor.Tensor;

/** Convolution over NCHW variables (pooling is {@link Pool2d}); the formulas and shape rules live in {@link Convolution}. */
public final class Conv {
    private Conv() {}

    /** x (N, C, H, W), w (O, C/groups, KH, KW), bias (O) or null -> (N, O, OH, OW). */
    public static Variable conv2d(Variable x, Variable w, Variable bias, ConvParams p) {
        Tensor xs = x.data(), ws = w.data();
        Variable out = Variable.make("conv2d", Convolution.conv2d(xs, ws, p), (d, n) -> new Tensor[] {
                n[0] ? Convolution.conv2dBackwardInput(d, ws, xs.shape(), p) : null,
                n[1] ? Convolution.conv2dBackwardWeight(xs, d, ws.shape(), p) : null}, x, w);
        return bias == null ? out : out.add(bias.reshape(1, -1, 1, 1));
    }
}
