package facet.autograd;

import facet.tensor.MaxPoolResult;
import facet.tensor.PoolParams;
import facet.tensor.Tensor;

/** 2-d pooling over NCHW variables; the formulas and shape rules live in {@link facet.tensor.Pool2d}. */
public final class Pool2d {
    private Pool2d() {}

    /** x (N, C, H, W) -> (N, C, OH, OW), the max of each window; the gradient goes to each window's winning input position. */
    public static Variable maxPool2d(Variable x, PoolParams p) {
        MaxPoolResult r = facet.tensor.Pool2d.maxPool2d(x.data(), p);
        int[] in = x.shape();
        return Variable.make("max_pool2d", r.values(), (d, n) -> new Tensor[] {facet.tensor.Pool2d.maxPool2dBackward(d, r.idx(), in)}, x);
    }

    /** x (N, C, H, W) -> (N, C, OH, OW), the mean of each window (countPad: padded cells count in the divisor). */
    public static Variable avgPool2d(Variable x, PoolParams p, boolean countPad) {
        int[] in = x.shape();
        return Variable.make("avg_pool2d", facet.tensor.Pool2d.avgPool2d(x.data(), p, countPad),
                (d, n) -> new Tensor[] {facet.tensor.Pool2d.avgPool2dBackward(d, in, p, countPad)}, x);
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
        return Variable.make("global_avg_pool", facet.tensor.Pool2d.globalAvgPool(x.data(), a),
                (d, n) -> new Tensor[] {d.unsqueeze(a).div(in[a]).expand(in).contiguous()}, x);
    }
}
