package facet.autograd;

import facet.tensor.Backend;
import facet.tensor.Tensor;

/** Normalisation: one standardising rule shared by layer norm and batch norm. */
public final class Norm {
    private Norm() {}

    /**
     * xhat = (x - mean) / sqrt(var + eps) over axes, with the biased variance; the backend may
     * fuse it. dX = rstd * (dY - mean(dY) - xhat * mean(dY * xhat)), means over the same axes.
     */
    public static Variable standardize(Variable x, double eps, int... axes) {
        Tensor xs = x.data();
        Backend b = xs.backend();
        Tensor[] r = b.standardize(xs, axes, eps);
        return Variable.make("standardize", r[0], (d, n) -> new Tensor[] {b.standardizeBackward(d, r[0], r[1], axes)}, x);
    }

    /** Normalises over the last gamma.dim() dims, then scales and shifts; gamma and beta may be null. */
    public static Variable layerNorm(Variable x, Variable gamma, Variable beta, int normalizedDims, double eps) {
        int[] axes = new int[normalizedDims];
        for (int i = 0; i < normalizedDims; i++) axes[i] = x.dim() - normalizedDims + i;
        Variable y = standardize(x, eps, axes);
        if (gamma != null) y = y.mul(gamma);
        if (beta != null) y = y.add(beta);
        return y;
    }

    /**
     * Batch norm over x (N, C) or (N, C, H, W), per channel C. Training normalises with the
     * batch's statistics and moves the running ones toward them in place:
     * running = (1 - momentum) * running + momentum * batch (variance unbiased, as PyTorch).
     * Evaluation normalises with the running statistics.
     */
    public static Variable batchNorm(Variable x, Variable gamma, Variable beta, Tensor runningMean, Tensor runningVar,
                                     boolean training, double momentum, double eps) {
        if (x.dim() != 2 && x.dim() != 4) {
            throw new IllegalArgumentException("batch_norm: expects (N, C) or (N, C, H, W), got " + java.util.Arrays.toString(x.shape()));
        }
        int[] axes = x.dim() == 2 ? new int[] {0} : new int[] {0, 2, 3};
        int[] perChannel = x.dim() == 2 ? new int[] {1, -1} : new int[] {1, -1, 1, 1};
        Variable y;
        if (training) {
            y = standardize(x, eps, axes);
            if (runningMean != null) {
                Tensor xs = x.data();
                runningMean.assign(runningMean.mul(1 - momentum).add(xs.mean(false, axes).mul(momentum)));
                runningVar.assign(runningVar.mul(1 - momentum).add(xs.var(false, 1, axes).mul(momentum)));
            }
        } else {
            Tensor scale = runningVar.add(eps).rsqrt().reshape(perChannel);
            y = x.sub(Variable.constant(runningMean.reshape(perChannel))).mul(Variable.constant(scale));
        }
        if (gamma != null) y = y.mul(gamma.reshape(perChannel));
        if (beta != null) y = y.add(beta.reshape(perChannel));
        return y;
    }
}
