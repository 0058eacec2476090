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

    /** {@link #maskedMse(Variable, Tensor, Tensor, boolean)} with the target as given. */
    public static Variable maskedMse(Variable pred, Tensor target, Tensor mask) { return maskedMse(pred, target, mask, false); }

    /**
     * MAE's loss: pred and target (B, N, L), mask (B, N) with 1 on the rows that count (the
     * masked patches) -> scalar. Mean over L per row, then the mean over the counted rows only;
     * with normTarget each target row is standardised first (norm_pix_loss, L >= 2). One backend
     * op (Backend#maskedMse), whose count division stays on the device: no host read.
     */
    public static Variable maskedMse(Variable pred, Tensor target, Tensor mask, boolean normTarget) {
        if (pred.dim() != 3 || mask.dim() != 2 || mask.size(0) != pred.size(0) || mask.size(1) != pred.size(1)
                || !java.util.Arrays.equals(pred.shape(), target.shape()) || (normTarget && pred.size(2) < 2)) {
            throw new IllegalArgumentException("masked_mse: expects pred and target (B, N, L), mask (B, N)" + (normTarget ? ", L >= 2" : "")
                    + ", got " + java.util.Arrays.toString(pred.shape()) + ", " + java.util.Arrays.toString(target.shape())
                    + " and " + java.util.Arrays.toString(mask.shape()));
        }
        Tensor p = pred.data();
        p.requireSame("masked_mse", target);
        p.requireSame("masked_mse", mask);
        var b = p.backend();
        return Variable.make("masked_mse", b.maskedMse(p, target, mask, normTarget),
                (d, n) -> new Tensor[] {b.maskedMseBackward(p, target, mask, normTarget, d)}, pred);
    }
}
