package facet.nn;

import facet.autograd.Norm;
import facet.autograd.Variable;

/** Normalises x (..., D) over its last dim by {@link Norm#layerNorm}; weight 1 and bias 0 (PyTorch's init). */
public final class LayerNorm extends Layer {
    public final Variable weight, bias;
    private final double eps;

    /** eps: PyTorch's default is 1e-5; ViTs (timm, MAE) use 1e-6. */
    public LayerNorm(int dim, double eps) {
        this.eps = eps;
        weight = param("weight", Init.ones(dim));
        bias = param("bias", Init.zeros(dim));
    }

    @Override protected Variable forward(Variable x) {
        int d = weight.size(0);
        if (x.dim() == 0 || x.size(-1) != d) {
            throw new IllegalArgumentException("LayerNorm(" + d + "): expects input (..., " + d + "), got " + java.util.Arrays.toString(x.shape()));
        }
        return Norm.layerNorm(x, weight, bias, 1, eps);
    }
}
