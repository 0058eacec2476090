package facet.autograd;

import facet.tensor.DType;
import facet.tensor.Tensor;

/** Losses, each the mean over its samples and composed from differentiable ops. */
public final class Losses {
    private Losses() {}

    /**
     * logits (N, C), labels int32 (N) in 0..C-1. With smoothing s the target is (1 - s) on the
     * label plus s / C on every class: loss = (1 - s) * nll + s * mean over classes of -log p.
     */
    public static Variable crossEntropy(Variable logits, Tensor labels, double smoothing) {
        if (logits.dim() != 2 || labels.dim() != 1 || labels.size(0) != logits.size(0) || labels.dtype() != DType.I32) {
            throw new IllegalArgumentException("cross_entropy: expects logits (N, C) and int32 labels (N), got "
                    + java.util.Arrays.toString(logits.shape()) + " and " + labels.dtype() + " " + java.util.Arrays.toString(labels.shape()));
        }
        Variable logp = logits.logSoftmax(1);
        Variable nll = Index.gather(logp, 1, labels.reshape(-1, 1)).mean().neg();
        if (smoothing == 0) return nll;
        Variable uniform = logp.mean().neg();
        return nll.mul(1 - smoothing).add(uniform.mul(smoothing));
    }

    /** mean(softplus(x) - x * t): log(1 + e^x) - x t without overflow; targets in [0, 1]. */
    public static Variable bceWithLogits(Variable logits, Tensor targets) {
        return logits.softplus().sub(logits.mul(Variable.constant(targets))).mean();
    }

    public static Variable mse(Variable a, Variable b) {
        Variable d = a.sub(b);
        return d.mul(d).mean();
    }

    public static Variable l1(Variable a, Variable b) { return a.sub(b).abs().mean(); }

    /**
     * MAE's loss: pred and target (B, N, D), mask (B, N) with 1 on the rows that count (the
     * masked patches). Mean over D per row, then the mean over the counted rows only.
     */
    public static Variable maskedMse(Variable pred, Tensor target, Tensor mask) {
        if (pred.dim() != 3 || mask.dim() != 2 || mask.size(0) != pred.size(0) || mask.size(1) != pred.size(1)) {
            throw new IllegalArgumentException("masked_mse: expects pred (B, N, D) and mask (B, N), got "
                    + java.util.Arrays.toString(pred.shape()) + " and " + java.util.Arrays.toString(mask.shape()));
        }
        Variable d = pred.sub(Variable.constant(target));
        Variable perRow = d.mul(d).mean(false, 2);
        return perRow.mul(Variable.constant(mask)).sum().div(Math.max(1.0, mask.sum().item()));
    }
}
