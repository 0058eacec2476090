package facet.autograd;

import facet.tensor.Generator;
import facet.tensor.Tensor;

/** Inverted dropout: zeroes each element with probability p and scales survivors by 1 / (1 - p). */
public final class Dropout {
    private Dropout() {}

    public static Variable dropout(Variable x, double p, boolean training, Generator g) {
        if (p < 0 || p > 1) throw new IllegalArgumentException("dropout: p=" + p + " is not a probability");
        if (!training || p == 0) return x;
        Tensor keep = Tensor.bernoulli(g, 1 - p, x.data().device(), x.dtype(), x.shape());   // the mask is made where x lives
        return x.mul(Variable.constant(p == 1 ? keep : keep.div(1 - p)));
    }
}
