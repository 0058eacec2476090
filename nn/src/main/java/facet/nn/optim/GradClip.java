package facet.nn.optim;

import facet.autograd.Variable;
import facet.tensor.Tensor;

/** Gradient clipping by the global L2 norm over a set of parameters, as PyTorch's clip_grad_norm_. */
public final class GradClip {
    private GradClip() {}

    /**
     * Scales every gradient by maxNorm / (norm + 1e-6) when the global norm exceeds maxNorm, so
     * the direction is kept. Returns the norm before clipping; a non-finite norm clips nothing,
     * and the caller decides what a NaN or infinite gradient means for the step.
     */
    public static double globalNorm(Iterable<Variable> params, double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("clip: max norm " + maxNorm + " must be > 0");
        double sq = 0;
        for (Variable p : params) {
            Tensor g = p.grad();
            if (g != null) sq += g.mul(g).sum().item();   // per tensor in its dtype, across tensors in double
        }
        double norm = Math.sqrt(sq);
        if (Double.isFinite(norm) && norm > maxNorm) {
            double scale = maxNorm / (norm + 1e-6);
            for (Variable p : params) if (p.grad() != null) p.setGrad(p.grad().mul(scale));
        }
        return norm;
    }
}
