package facet.autograd;

import facet.tensor.Shape;
import facet.tensor.Tensor;

/** Sums, maxima, means and variances over a set of axes (no axes = all). */
public final class Reductions {
    private Reductions() {}

    /** The gradient of a sum spreads dOut back over the reduced axes. */
    public static Variable sum(Variable a, boolean keepdim, int... axes) {
        Tensor x = a.data();
        int[] kept = keptShape(x, axes);
        return Variable.make("sum", x.sum(keepdim, axes), (d, n) -> new Tensor[] {d.reshape(kept).expand(x.shape())}, a);
    }

    /** The gradient goes to the maximal elements, split evenly among ties. */
    public static Variable max(Variable a, boolean keepdim, int... axes) {
        Tensor x = a.data(), m = x.max(true, axes);
        Tensor out = keepdim ? m : m.reshape(Shape.reduced(x.shape(), Shape.axesMask("max", axes, x.dim()), false));
        return Variable.make("max", out, (d, n) -> {
            Tensor hit = x.eq(m);
            return new Tensor[] {hit.div(hit.sum(true, axes)).mul(d.reshape(m.shape()))};
        }, a);
    }

    public static Variable mean(Variable a, boolean keepdim, int... axes) {
        return sum(a, keepdim, axes).div(a.data().count(axes));
    }

    /** Composed from differentiable ops: sum((x - mean)^2) / (count - correction). */
    public static Variable var(Variable a, boolean keepdim, int correction, int... axes) {
        Variable c = a.sub(mean(a, true, axes));
        return sum(c.mul(c), keepdim, axes).div(Math.max(0, a.data().count(axes) - correction));
    }

    private static int[] keptShape(Tensor x, int[] axes) {
        return Shape.reduced(x.shape(), Shape.axesMask("sum", axes, x.dim()), true);
    }
}
