package facet.autograd;

import facet.tensor.Backend;
import facet.tensor.Tensor;

/** Normalisation: one normalising op, with its affine part, shared by layer norm and batch norm. */
public final class Norm {
    private Norm() {}

    /**
     * (x - mean) / sqrt(var + eps) * gamma + beta, statistics over axes (biased variance), as one
     * op the backend may fuse; gamma and beta (or null) broadcast against x. Returns the output
     * and keeps mean and rstd for the backward and for running statistics.
     */
    static Variable normalize(Variable x, Variable gamma, Variable beta, int[] axes, double eps, Tensor[] stats) {
        return normalize(x, gamma, beta, axes, eps, false, null, stats);
    }

    /**
     * The same followed by max(y, 0) when relu, or by max(y + residual, 0) when a residual is given,
     * as one op. The backward masks dY by the op's own output y > 0; with a residual that masked
     * dY is also the residual's gradient.
     */
    private static Variable normalize(Variable x, Variable gamma, Variable beta, int[] axes, double eps, boolean relu, Variable residual,
                                      Tensor[] stats) {
        Tensor xs = x.data(), g = gamma == null ? null : gamma.data(), b = beta == null ? null : beta.data();
        Backend be = xs.backend();
        Tensor[] r = residual == null ? be.normalize(xs, g, b, axes, eps, relu) : be.normalizeAddRelu(xs, g, b, axes, eps, residual.data());
        if (stats != null) {
            stats[0] = r[1];
            stats[1] = r[2];
        }
        Node.Rule rule = (d, n) -> {
            Tensor masked = residual == null ? null : d.binary(facet.kernels.BinaryOp.RELU_BACKWARD, r[0]);
            Tensor[] grads = residual == null ? be.normalizeBackward(d, xs, r[1], r[2], g, b, axes, relu ? r[0] : null)
                                              : be.normalizeBackward(masked, xs, r[1], r[2], g, b, axes);
            java.util.List<Tensor> out = new java.util.ArrayList<>(java.util.List.of(grads[0]));
            if (gamma != null) out.add(grads[1]);
            if (beta != null) out.add(grads[2]);
            if (residual != null) out.add(masked);
            return out.toArray(Tensor[]::new);
        };
        Variable[] inputs = java.util.stream.Stream.of(x, gamma, beta, residual).filter(java.util.Objects::nonNull).toArray(Variable[]::new);
        return Variable.make(residual != null ? "normalize_add_relu" : relu ? "normalize_relu" : "normalize", r[0], rule, inputs);
    }

    /** Normalises over the last normalizedDims dims, then scales and shifts by gamma and beta (of those dims' shape, or null). */
    public static Variable layerNorm(Variable x, Variable gamma, Variable beta, int normalizedDims, double eps) {
        int[] axes = new int[normalizedDims];
        for (int i = 0; i < normalizedDims; i++) axes[i] = x.dim() - normalizedDims + i;
        return normalize(x, gamma, beta, axes, eps, null);
    }

    /**
     * Batch norm over x (N, C) or (N, C, H, W), per channel C. Training normalises with the
     * batch's statistics and moves the running ones toward them in place:
     * running = (1 - momentum) * running + momentum * batch (variance unbiased, as PyTorch).
     * Evaluation normalises with the running statistics.
     */
    public static Variable batchNorm(Variable x, Variable gamma, Variable beta, Tensor runningMean, Tensor runningVar,
                                     boolean training, double momentum, double eps) {
        return batchNorm(x, gamma, beta, runningMean, runningVar, training, momentum, eps, false);
    }

    /**
     * The same, then max(y, 0) when relu: relu(batchNorm(x)) with one op in training (the backend
     * may fuse the ReLU into the normalising pass and its backward); evaluation composes the two.
     */
    public static Variable batchNorm(Variable x, Variable gamma, Variable beta, Tensor runningMean, Tensor runningVar,
                                     boolean training, double momentum, double eps, boolean relu) {
        return batchNorm(x, gamma, beta, runningMean, runningVar, training, momentum, eps, relu, null);
    }

    /**
     * relu(batchNorm(x) + residual), residual of x's shape: a ResNet block's second batch norm,
     * shortcut add and ReLU. Training runs it as one op (the backend may write y in the
     * normalising pass); evaluation composes the three.
     */
    public static Variable batchNormAddRelu(Variable x, Variable gamma, Variable beta, Tensor runningMean, Tensor runningVar,
                                            boolean training, double momentum, double eps, Variable residual) {
        if (x.dim() != 4 || !java.util.Arrays.equals(x.shape(), residual.shape())) {
            throw new IllegalArgumentException("batch_norm_add_relu: expects x (N, C, H, W) and a residual of its shape, got "
                    + java.util.Arrays.toString(x.shape()) + " and " + java.util.Arrays.toString(residual.shape()));
        }
        return batchNorm(x, gamma, beta, runningMean, runningVar, training, momentum, eps, true, residual);
    }

    private static Variable batchNorm(Variable x, Variable gamma, Variable beta, Tensor runningMean, Tensor runningVar,
                                      boolean training, double momentum, double eps, boolean relu, Variable residual) {
        if (x.dim() != 2 && x.dim() != 4) {
            throw new IllegalArgumentException("batch_norm: expects (N, C) or (N, C, H, W), got " + java.util.Arrays.toString(x.shape()));
        }
        int[] axes = x.dim() == 2 ? new int[] {0} : new int[] {0, 2, 3};
        int[] perChannel = x.dim() == 2 ? new int[] {1, -1} : new int[] {1, -1, 1, 1};
        Variable g = gamma == null ? null : gamma.reshape(perChannel), b = beta == null ? null : beta.reshape(perChannel);
        if (!training) {
            Variable y = x.sub(Variable.constant(runningMean.reshape(perChannel)))
                    .mul(Variable.constant(runningVar.add(eps).rsqrt().reshape(perChannel)));
            if (g != null) y = y.mul(g);
            if (b != null) y = y.add(b);
            if (residual != null) y = y.add(residual);
            return relu ? y.relu() : y;
        }
        Tensor[] stats = new Tensor[2];
        Variable y = normalize(x, g, b, axes, eps, relu, residual, stats);
        if (runningMean != null) {
            int m = x.data().count(axes);
            // the batch variance from rstd: var = 1 / rstd^2 - eps, made unbiased by m / (m - 1)
            Tensor var = stats[1].mul(stats[1]).pow(-1).sub(eps).mul(m / Math.max(1.0, m - 1.0)).reshape(-1);
            runningMean.assign(runningMean.mul(1 - momentum).add(stats[0].reshape(-1).mul(momentum)));
            runningVar.assign(runningVar.mul(1 - momentum).add(var.mul(momentum)));
        }
        return y;
    }
}
