package facet.esgm;

import facet.autograd.Variable;
import facet.tensor.DType;
import facet.tensor.Shape;
import facet.tensor.Tensor;

import java.util.Arrays;

/**
 * The mask weight's supervision (Eq. 5 and 6). Glossary: B batch, H = W image size, P patch size,
 * G = H / P patches per side, N = G * G patches in row-major order (the encoder's order).
 */
public final class ExpressionTarget {
    private ExpressionTarget() {}

    /**
     * parsing int32 (B, H, W) of part ids -> (B, N) float: the fraction of each patch's pixels whose
     * part is in {@code parts} (Eq. 5 summed over the patch and divided by P * P). Tensor ops over
     * the whole batch: one comparison per part id, then a mean over each patch's P x P block.
     */
    public static Tensor fractions(Tensor parsing, int patchSize, int[] parts) {
        if (parsing.dim() != 3 || parsing.dtype() != DType.I32 || parsing.size(1) % patchSize != 0 || parsing.size(2) % patchSize != 0) {
            throw new IllegalArgumentException("expression target: expects an int32 parsing map (B, H, W) with H and W multiples of patch size "
                    + patchSize + ", got " + parsing.dtype() + " " + Shape.str(parsing.shape()));
        }
        int b = parsing.size(0), gh = parsing.size(1) / patchSize, gw = parsing.size(2) / patchSize;
        Tensor ids = parsing.to(DType.F32);                 // part ids < 2^24 are exact in float32
        Tensor inSet = Tensor.zeros(parsing.device(), DType.F32, parsing.shape());
        for (int id : parts) inSet = inSet.add(ids.eq(id));   // ids are distinct, so the sum is the indicator
        return inSet.reshape(b, gh, patchSize, gw, patchSize).mean(false, 2, 4).reshape(b, gh * gw);
    }

    /** w (B, N), target (B, N) -> L_mask = mean over the batch of sum over patches of |w_k - target_k| (Eq. 6). */
    public static Variable maskLoss(Variable w, Tensor target) {
        if (w.dim() != 2 || !Arrays.equals(w.shape(), target.shape())) {
            throw new IllegalArgumentException("L_mask: expects w and target of one shape (B, N), got " + Shape.str(w.shape())
                    + " and " + Shape.str(target.shape()));
        }
        return w.sub(Variable.constant(target)).abs().sum(false, 1).mean();
    }
}
