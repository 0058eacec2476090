package facet.esgm;

import facet.nn.models.ViTConfig;

import java.util.Arrays;

/**
 * The shape of an ESGM masked autoencoder (Section III-A): the encoder (a {@link ViTConfig}
 * with fixed sin-cos positions and no head, as MAE), the decoder, the mask-weight block, and
 * the pre-training's mask ratio, target and loss weight.
 *
 * @param expressionParts part ids of the parsing map counted by the expression target (Eq. 5).
 *        The default {@link #EXPRESSION_PARTS} uses CelebAMask-HQ's numbering, the one
 *        facet.train.data.FacePart uses: esgm cannot import train, so the ids are repeated here.
 */
public record EsgmConfig(ViTConfig encoder, Decoder decoder, WeightBlock weightBlock, double maskRatio, boolean normPixLoss,
                         double lambda1, int[] expressionParts) {

    /** skin 1, nose 2, l_eye 4, r_eye 5, l_brow 6, r_brow 7, mouth 10, u_lip 11, l_lip 12 (eye_g 3 and the ears are not expression parts). */
    public static final int[] EXPRESSION_PARTS = {1, 2, 4, 5, 6, 7, 10, 11, 12};

    /** The decoder: its own width, depth and heads; MLP ratio 4 as MAE. */
    public record Decoder(int dim, int depth, int heads) {
        public Decoder {
            if (dim < 4 || dim % 4 != 0 || depth < 0 || heads < 1 || dim % heads != 0) {
                throw new IllegalArgumentException("EsgmConfig.Decoder: dim " + dim + " must be a multiple of 4 and of heads " + heads
                        + ", depth " + depth + " >= 0");
            }
        }
    }

    /**
     * What the global average pooling of Eq. 3 averages over (the paper does not say).
     * CHANNELS: each token's A·V row over its features, one value per patch, so w_k keeps patch
     * k's identity and the MLP mixes the N values (the default, see {@link MaskWeightBlock}).
     * TOKENS: over the N tokens, one D-vector per image, which the MLP maps to N weights.
     */
    public enum GapOver { CHANNELS, TOKENS }

    /** The mask-weight block: attention heads, MLP hidden width, and the GAP reading. */
    public record WeightBlock(int heads, int hidden, GapOver gapOver) {
        public WeightBlock {
            if (heads < 1 || hidden < 1) throw new IllegalArgumentException("EsgmConfig.WeightBlock: heads " + heads + " and hidden " + hidden + " must be >= 1");
        }
    }

    public EsgmConfig {
        if (encoder.classes() != 0 || encoder.posEmbed() != ViTConfig.PosEmbed.SINCOS) {
            throw new IllegalArgumentException("EsgmConfig: the encoder must have no head (classes 0) and fixed sin-cos positions, got "
                    + encoder.classes() + " classes and " + encoder.posEmbed() + " positions");
        }
        if (encoder.dim() % weightBlock.heads() != 0) {
            throw new IllegalArgumentException("EsgmConfig: encoder dim " + encoder.dim() + " does not split into " + weightBlock.heads() + " mask-weight heads");
        }
        if (!(maskRatio >= 0 && maskRatio < 1) || maskedCount(maskRatio, encoder.patches()) >= encoder.patches()) {
            throw new IllegalArgumentException("EsgmConfig: mask ratio " + maskRatio + " must be in [0, 1) and leave a patch visible");
        }
        if (!(lambda1 >= 0)) throw new IllegalArgumentException("EsgmConfig: lambda1 " + lambda1 + " must be >= 0");
        expressionParts = expressionParts.clone();
    }

    @Override public int[] expressionParts() { return expressionParts.clone(); }

    /** floor(mr * Np): how many patches each image has masked (Eq. 4). */
    public int maskedCount() { return maskedCount(maskRatio, encoder.patches()); }

    private static int maskedCount(double maskRatio, int patches) { return (int) Math.floor(maskRatio * patches); }

    public int patches() { return encoder.patches(); }

    public int patchSize() { return encoder.patchSize(); }

    /** p * p * C: the length of one patch's pixel vector. */
    public int patchDim() { return encoder.patchSize() * encoder.patchSize() * encoder.channels(); }

    /** An encoder in MAE's form: RGB, MLP ratio 4, qkv bias, fixed sin-cos positions, no head, no dropout. */
    public static ViTConfig encoder(int imageSize, int patchSize, int dim, int depth, int heads) {
        return new ViTConfig(imageSize, patchSize, 3, dim, depth, heads, 4.0, 0, true, ViTConfig.PosEmbed.SINCOS, ViTConfig.Pool.CLS, 0, 0);
    }

    /** Defaults: mask ratio 0.5, normalised-pixel target, lambda1 = 1 (the paper), GAP over channels, MLP hidden 4 Np. */
    public static EsgmConfig of(ViTConfig encoder, Decoder decoder) {
        return new EsgmConfig(encoder, decoder, new WeightBlock(encoder.heads(), 4 * encoder.patches(), GapOver.CHANNELS),
                0.5, true, 1.0, EXPRESSION_PARTS);
    }

    /** Bench workload W3: 64x64, patch 8 (64 patches), encoder 192 / 6 / 3, decoder 128 / 2 / 4. */
    public static EsgmConfig w3() { return of(encoder(64, 8, 192, 6, 3), new Decoder(128, 2, 4)); }

    public EsgmConfig withMaskRatio(double r) {
        return new EsgmConfig(encoder, decoder, weightBlock, r, normPixLoss, lambda1, expressionParts);
    }

    public EsgmConfig withWeightBlock(WeightBlock b) {
        return new EsgmConfig(encoder, decoder, b, maskRatio, normPixLoss, lambda1, expressionParts);
    }

    @Override public String toString() {
        return "EsgmConfig[encoder=" + encoder + ", decoder=" + decoder + ", weightBlock=" + weightBlock + ", maskRatio=" + maskRatio
                + ", normPixLoss=" + normPixLoss + ", lambda1=" + lambda1 + ", expressionParts=" + Arrays.toString(expressionParts) + "]";
    }
}
