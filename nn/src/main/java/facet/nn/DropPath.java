package facet.nn;

import facet.autograd.Variable;
import facet.tensor.Generator;
import facet.tensor.Tensor;

/**
 * Stochastic depth (Huang et al. 2016) on a residual branch x (B, ...): in training each
 * sample's whole branch is zeroed with probability p and survivors are scaled by 1/(1 - p),
 * so the expected output is unchanged (timm's drop_path with scale_by_keep); eval is the identity.
 */
public final class DropPath extends Layer {
    private final double p;
    private final Generator g;

    public DropPath(double p, Generator g) {
        if (p < 0 || p >= 1) throw new IllegalArgumentException("DropPath: p=" + p + " must be in [0, 1)");
        this.p = p;
        this.g = g;
    }

    @Override protected Variable forward(Variable x) {
        if (!isTraining() || p == 0) return x;
        int[] perSample = new int[x.dim()];
        java.util.Arrays.fill(perSample, 1);
        perSample[0] = x.size(0);
        // drawn where x lives: the device's Philox stream gives the CPU's numbers, so the mask is the same on either
        Tensor keep = Tensor.bernoulli(g, 1 - p, x.data().device(), x.dtype(), perSample).div(1 - p);
        return x.mul(Variable.constant(keep));
    }
}
