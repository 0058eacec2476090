package facet.esgm;

/**
 * ESGM (Eq. 4): the M patches with the largest mask weight w are masked, ties to the lower index.
 * No randomness, and no gradient: w arrives detached, so w learns from L_mask only.
 */
public final class ExpressionMasking implements Masking {
    @Override public MaskingKind kind() { return MaskingKind.EXPRESSION; }

    @Override public Result select(Inputs in) { return Masking.fromScores(in.weights(), in.masked()); }
}
