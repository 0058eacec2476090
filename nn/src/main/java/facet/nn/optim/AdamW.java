package facet.nn.optim;

import facet.autograd.Variable;
import facet.tensor.DType;
import facet.tensor.Tensor;

import java.util.List;
import java.util.Set;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter 2019), one fused
 * {@link facet.tensor.Backend#adamw} call per parameter: p *= (1 - lr wd), then the
 * bias-corrected Adam step. The step count is per parameter, as in PyTorch, so a parameter
 * that joins training late gets its own bias correction.
 */
public final class AdamW extends Optimizer {
    private final double beta1, beta2, eps;

    /** PyTorch's defaults are betas (0.9, 0.999), eps 1e-8; MAE pre-trains with betas (0.9, 0.95). */
    public AdamW(List<ParamGroup> groups, double lr, double beta1, double beta2, double eps) {
        super(groups, lr, Set.of("exp_avg", "exp_avg_sq", "step"));
        if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0)) {
            throw new IllegalArgumentException("AdamW: betas (" + beta1 + ", " + beta2 + ") must be in [0, 1) and eps " + eps + " > 0");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    @Override protected void update(String name, Variable p, double lr, double weightDecay) {
        Tensor w = p.data();
        // moments beside the parameter, on its device; the step count stays a host scalar, so reading it syncs nothing
        Tensor m = slot(name, "exp_avg", () -> Tensor.zerosLike(w));
        Tensor v = slot(name, "exp_avg_sq", () -> Tensor.zerosLike(w));
        long step = (long) slot(name, "step", () -> Tensor.scalar(0, DType.I32)).item() + 1;
        setSlot(name, "step", Tensor.scalar(step, DType.I32));
        w.backend().adamw(w, p.grad(), m, v, lr, beta1, beta2, eps, weightDecay, step);
    }
}
