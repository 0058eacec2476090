package facet.esgm;

import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Index;
import facet.tensor.Tensor;

/**
 * A way to choose which patches to hide. Glossary: B batch, N patches, K = N - M kept, M masked.
 *
 * <p>The mask convention, used everywhere in this package: in a mask, <b>0 keeps</b> a patch (the
 * encoder sees it) and <b>1 removes</b> it (the decoder predicts it and L_rec counts it), MAE's.
 *
 * <p>Every strategy ranks the patches by a score, highest masked first, and {@link #fromScores}
 * turns the ranking into the result with device ops only (argsort, gather): no host read.
 */
public interface Masking {

    /**
     * mask (B, N) float 0/1; idsKeep (B, K) int32, the visible patches in the order the encoder
     * sees them; idsRestore (B, N) int32, for each patch its place in [kept..., masked...], which
     * the decoder's gather uses to put tokens back in patch order.
     */
    record Result(Tensor mask, Tensor idsKeep, Tensor idsRestore) {}

    /**
     * What a strategy may look at: weights (B, N), the mask-weight block's w (detached), and
     * expression (B, N), each patch's expression-pixel fraction (Eq. 5), or null without a
     * parsing map; masked is M = floor(mr * N).
     */
    record Inputs(Tensor weights, Tensor expression, int masked) {}

    /** Which strategy this is; for a {@link #fixed} replay, the one that chose the masks. */
    MaskingKind kind();

    /** The kind's config spelling, for logs and run files. */
    default String name() { return kind().configName(); }

    Result select(Inputs in);

    /** The strategy of this kind; noise is the stream RANDOM and MARLIN draw from (unused, may be null, for EXPRESSION). */
    static Masking of(MaskingKind kind, Generator noise) {
        return switch (kind) {
            case EXPRESSION -> new ExpressionMasking();
            case RANDOM -> new RandomMasking(noise);
            case MARLIN -> new MarlinMasking(noise, MarlinMasking.DEFAULT_NOISE);
        };
    }

    /** A strategy that returns the given result, masks a strategy of kind chose: Fig. 5 reconstructs one model's masks with another model. */
    static Masking fixed(MaskingKind kind, Result r) {
        return new Masking() {
            @Override public MaskingKind kind() { return kind; }

            @Override public Result select(Inputs in) { return r; }
        };
    }

    /**
     * scores (B, N) float -> the M highest-scoring patches of each row masked, ties to the lower
     * index (a stable descending argsort). The kept patches follow in descending score order.
     */
    static Result fromScores(Tensor scores, int masked) {
        int b = scores.size(0), n = scores.size(1), keep = n - masked;
        Tensor order = Index.argsort(scores, 1, true);                      // masked first
        Tensor shuffle = Index.cat(1, order.narrow(1, masked, keep), order.narrow(1, 0, masked));   // [kept..., masked...]
        // argsort of a permutation is its inverse; indices below 2^24 are exact in float32
        Tensor restore = Index.argsort(shuffle.to(DType.F32), 1, false);
        Tensor inShuffled = Index.cat(1, Tensor.zeros(scores.device(), DType.F32, b, keep),
                Tensor.scalar(1, DType.F32, scores.device()).expand(b, masked).contiguous());
        Tensor mask = Index.gather(inShuffled, 1, restore);
        return new Result(mask, shuffle.narrow(1, 0, keep).contiguous(), restore);
    }
}
