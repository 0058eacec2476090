package facet.nn;

import facet.autograd.Losses;
import facet.autograd.Variable;
import facet.tensor.Tensor;

/**
 * Loss modules, each a thin holder of its options over one op of {@link Losses} (where the
 * formulas and shapes are documented). Every loss is the mean over its samples.
 */
public final class Loss {
    private Loss() {}

    /** logits (N, C), int32 labels (N) -> cross-entropy, with label smoothing s (target (1 - s) one-hot + s / C). */
    public static final class CrossEntropy extends Module {
        private final double smoothing;

        public CrossEntropy(double smoothing) {
            if (smoothing < 0 || smoothing >= 1) throw new IllegalArgumentException("CrossEntropy: smoothing " + smoothing + " must be in [0, 1)");
            this.smoothing = smoothing;
        }

        public Variable forward(Variable logits, Tensor labels) { return Losses.crossEntropy(logits, labels, smoothing); }
    }

    /** logits and targets in [0, 1] of one shape -> binary cross-entropy, computed stably from the logits. */
    public static final class BceWithLogits extends Module {
        public Variable forward(Variable logits, Tensor targets) { return Losses.bceWithLogits(logits, targets); }
    }

    public static final class Mse extends Module {
        public Variable forward(Variable prediction, Variable target) { return Losses.mse(prediction, target); }
    }

    public static final class L1 extends Module {
        public Variable forward(Variable prediction, Variable target) { return Losses.l1(prediction, target); }
    }

    /**
     * MAE's reconstruction loss: pred and target (B, N, D) per patch, mask (B, N) with 1 on the
     * patches that count. With normalizePixels each target patch is first standardised by its own
     * mean and unbiased variance (+1e-6), MAE's {@code norm_pix_loss}.
     */
    public static final class MaskedMse extends Module {
        private final boolean normalizePixels;

        public MaskedMse(boolean normalizePixels) { this.normalizePixels = normalizePixels; }

        public Variable forward(Variable pred, Tensor target, Tensor mask) { return Losses.maskedMse(pred, target, mask, normalizePixels); }
    }
}
