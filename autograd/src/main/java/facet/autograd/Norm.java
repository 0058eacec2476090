package facet.autograd;

import facet.kernels.Epilogue;
import facet.tensor.Backend;
import facet.tensor.NormGrads;
import facet.tensor.NormLayout;
import facet.tensor.NormResult;
import facet.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** Normalisation: one op, with its affine part and an epilogue, shared by layer norm and batch norm. */
public final class Norm {
    private Norm() {}

    /** y, and the mean and rstd (no gradient) the op computed, with the reduced axes kept as size 1. */
    public record Result(Variable y, Tensor mean, Tensor rstd) {}

    /**
     * x (N, C, ...) for {@link NormLayout#BATCH}, (..., D1..Dk) for a layer layout ->
     * y = epilogue((x - mean) / sqrt(var + eps) * gamma + beta), x's shape, biased variance.
     * gamma and beta (or null) broadcast as the layout states; the epilogue is none, relu, or
     * addRelu(residual of x's shape), one op that the backend may fuse into its normalising pass.
     * The backward masks dY by y > 0 after a ReLU; that masked dY is also the residual's gradient.
     */
    public static Result normalize(Variable x, Variable gamma, Variable beta, NormLayout layout, double eps, Epilogue<Variable> epilogue) {
        Tensor xs = x.data(), g = gamma == null ? null : gamma.data(), b = beta == null ? null : beta.data();
        Epilogue<Tensor> e = epilogue.map(Variable::data);
        Backend be = xs.backend();
        NormResult r = be.normalize(xs, g, b, layout, eps, e);
        Node.Rule rule = (d, n) -> {
            NormGrads grads = be.normalizeBackward(d, xs, g, b, layout, e, r);
            List<Tensor> out = new ArrayList<>(List.of(grads.dX()));
            if (gamma != null) out.add(grads.dGamma());
            if (beta != null) out.add(grads.dBeta());
            if (e instanceof Epilogue.AddRelu) out.add(grads.dResidual());
            return out.toArray(Tensor[]::new);
        };
        Variable residual = epilogue instanceof Epilogue.AddRelu<Variable> a ? a.residual() : null;
        Variable[] inputs = Stream.of(x, gamma, beta, residual).filter(Objects::nonNull).toArray(Variable[]::new);
        String name = switch (epilogue) {
            case Epilogue.None<Variable> none -> "normalize";
            case Epilogue.Relu<Variable> relu -> "normalize_relu";
            case Epilogue.AddRelu<Variable> addRelu -> "normalize_add_relu";
        };
        return new Result(Variable.make(name, r.y(), rule, inputs), r.mean(), r.rstd());
    }

    /** x (..., D1..Dk) -> x's shape, normalised over its last k = normalizedDims dims; gamma and beta (D1..Dk) or null. */
    public static Variable layerNorm(Variable x, Variable gamma, Variable beta, int normalizedDims, double eps) {
        return normalize(x, gamma, beta, NormLayout.layer(normalizedDims), eps, Epilogue.none()).y();
    }

    /**
     * x (N, C) or (N, C, H, W) -> x's shape: batch norm per channel C, then the epilogue (none,
     * relu, or addRelu of a residual of x's shape; torchvision's relu(bn(x)) and relu(bn(x) + identity)).
     * Training normalises with the batch's statistics, as one op, and moves the running ones (C)
     * toward them in place: running = (1 - momentum) * running + momentum * batch (variance
     * unbiased, as PyTorch). Evaluation normalises with the running statistics and composes the epilogue.
     */
    public static Variable batchNorm(Variable x, Variable gamma, Variable beta, Tensor runningMean, Tensor runningVar,
                                     boolean training, double momentum, double eps, Epilogue<Variable> epilogue) {
        if (x.dim() != 2 && x.dim() != 4) {
            throw new IllegalArgumentException("batch_norm: expects (N, C) or (N, C, H, W), got " + Arrays.toString(x.shape()));
        }
        int[] perChannel = x.dim() == 2 ? new int[] {1, -1} : new int[] {1, -1, 1, 1};
        Variable g = gamma == null ? null : gamma.reshape(perChannel), b = beta == null ? null : beta.reshape(perChannel);
        if (!training) {
            Variable y = x.sub(Variable.constant(runningMean.reshape(perChannel)))
                    .mul(Variable.constant(runningVar.add(eps).rsqrt().reshape(perChannel)));
            if (g != null) y = y.mul(g);
            if (b != null) y = y.add(b);
            return switch (epilogue) {
                case Epilogue.None<Variable> none -> y;
                case Epilogue.Relu<Variable> relu -> y.relu();
                case Epilogue.AddRelu<Variable> a -> y.add(a.residual()).relu();
            };
        }
        Result r = normalize(x, g, b, NormLayout.BATCH, eps, epilogue);
        if (runningMean != null) {
            int m = x.data().count(NormLayout.BATCH.axes(x.dim()));
            // the batch variance from rstd: var = 1 / rstd^2 - eps, made unbiased by m / (m - 1)
            Tensor var = r.rstd().mul(r.rstd()).pow(-1).sub(eps).mul(m / Math.max(1.0, m - 1.0)).reshape(-1);
            runningMean.assign(runningMean.mul(1 - momentum).add(r.mean().reshape(-1).mul(momentum)));
            runningVar.assign(runningVar.mul(1 - momentum).add(var.mul(momentum)));
        }
        return r.y();
    }
}
