package facet.esgm;

import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;

/**
 * The MARLIN baseline (Cai et al. 2023), parsing-guided masking with randomness: patch k scores
 * f_k + noise * u_k, with f_k its expression-pixel fraction (Eq. 5) and u_k ~ U(0, 1), and the M
 * highest are masked. Facial-region patches are preferred, with randomness among near-equals: at
 * noise 0.5 a patch three-quarters face beats a full-face one one time in eight (P(u - u' > 0.5)),
 * a half-face patch never does, and ties among full-face patches fall at random. MARLIN ranks by a
 * parsing map it always has; without one (pre-training phase 2) the learned w stands in for f.
 */
public final class MarlinMasking implements Masking {
    public static final double DEFAULT_NOISE = 0.5;

    private final Generator g;
    private final double noise;

    public MarlinMasking(Generator g, double noise) {
        if (!(noise >= 0)) throw new IllegalArgumentException("marlin masking: noise " + noise + " must be >= 0");
        this.g = g;
        this.noise = noise;
    }

    @Override public MaskingKind kind() { return MaskingKind.MARLIN; }

    @Override public Result select(Inputs in) {
        Tensor f = in.expression() != null ? in.expression() : in.weights();
        Tensor u = Tensor.rand(g, f.device(), DType.F32, f.size(0), f.size(1));
        return Masking.fromScores(f.add(u.mul(noise)), in.masked());
    }
}
