package facet.autograd;

import facet.tensor.ConvParams;
import facet.tensor.Convolution;
import facet.tensor.PoolParams;
import facet.tensor.Tensor;

/** Convolution and pooling over NCHW variables; the formulas and shape rules live in {@link Convolution}. */
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

    /** The gradient goes to each window's winning input position. */
    public static Variable maxPool2d(Variable x, PoolParams p) {
        Tensor[] r = Convolution.maxPool2d(x.data(), p);
        int[] in = x.shape();
        return Variable.make("max_pool2d", r[0], (d, n) -> new Tensor[] {Convolution.maxPool2dBackward(d, r[1], in)}, x);
    }

    public static Variable avgPool2d(Variable x, PoolParams p, boolean countPad) {
        int[] in = x.shape();
        return Variable.make("avg_pool2d", Convolution.avgPool2d(x.data(), p, countPad),
                (d, n) -> new Tensor[] {Convolution.avgPool2dBackward(d, in, p, countPad)}, x);
    }

    /** x (N, C, H, W) -> (N, C): {@link #globalAvgPool(Variable, int)} over the flattened plane. */
    public static Variable globalAvgPool(Variable x) {
        x.data().requireDim("global_avg_pool", 4, "(N, C, H, W)");
        return globalAvgPool(x.reshape(x.size(0), x.size(1), x.size(2) * x.size(3)), 2);
    }

    /** x (..., A, ...) -> the mean along axis (removed); dX = dOut broadcast back along axis, divided by A. */
    public static Variable globalAvgPool(Variable x, int axis) {
        int[] in = x.shape();
        int a = Math.floorMod(axis, Math.max(1, in.length));
        return Variable.make("global_avg_pool", Convolution.globalAvgPool(x.data(), a),
                (d, n) -> new Tensor[] {d.unsqueeze(a).div(in[a]).expand(in).contiguous()}, x);
    }
}
