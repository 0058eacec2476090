package facet.pded;

import facet.nn.models.ResNetConfig;
import facet.nn.models.ViTConfig;

import java.util.function.Consumer;

/**
 * The shape of a {@link PdedModel} and the weight of its domain loss. Start from
 * {@link #defaults()} and change fields with {@link #with}.
 *
 * @param imageSize       square input size H = W the model is built for
 * @param input           where F0 comes from (Tables I and IV)
 * @param variant         how the domain features are taken out (Table V)
 * @param resnet          the four stages' widths and the stem of the IMAGE input; classes is the expression count (7)
 * @param encoder         the ViT the ENCODER input expects (classes 0); ignored for IMAGE
 * @param encoderMode     whether fine-tuning updates the encoder
 * @param upsample        nearest-neighbour factor from the encoder's g x g patch grid to stage 1's input
 * @param decouplerKernel side of each decoupler's square convolution (odd, padding keeps the size)
 * @param domains         domain classes: 2 (original / blurred, or two sources) or the number of sources
 * @param lambda          lambda_2 of Eq. 13, the weight of L_dom
 * @param gradients       which loss trains the decouplers and what L_dom reaches ({@link Decoupler})
 */
public record PdedConfig(int imageSize, Input input, Variant variant, ResNetConfig resnet, ViTConfig encoder, EncoderMode encoderMode,
                         int upsample, int decouplerKernel, int domains, double lambda, Gradients gradients) {

    /** IMAGE: ResNet-18 from pixels, the paper's "Baseline (ResNet18)". ENCODER: F0 from a pre-trained ViT (MAE or ESGM weights). */
    public enum Input { IMAGE, ENCODER }

    /**
     * TRAIN (default): the encoder is fine-tuned with the rest, as MAE fine-tunes its encoder and as Algorithm 1
     * line 11 updates all of theta_ft. FROZEN: the encoder runs without a graph and keeps its pre-trained weights.
     */
    public enum EncoderMode { TRAIN, FROZEN }

    /**
     * Where each loss's gradient goes around a decoupler, which the paper leaves open. SEPARATED
     * (default): L_dom trains the decouplers, their projections and the domain head and stops at
     * the features they read; L_exp trains everything else, through F - F_d, but not the
     * decouplers. JOINT: both losses reach every parameter, Algorithm 1 read literally; it collapsed
     * the earlier 16-patch encoders to the majority class and trails by about 7 raf points from the
     * base encoder (RESULTS.md).
     */
    public enum Gradients { SEPARATED, JOINT }

    public PdedConfig {
        if (imageSize < 8 || upsample < 1 || decouplerKernel < 1 || decouplerKernel % 2 == 0 || domains < 2 || !(lambda >= 0) || gradients == null) {
            throw new IllegalArgumentException("PdedConfig: need image size >= 8, upsample >= 1, an odd decoupler kernel, >= 2 domains, "
                    + "lambda >= 0 and a gradients choice; got " + this);
        }
        if (input == Input.ENCODER && (encoder.imageSize() != imageSize || encoder.classes() != 0)) {
            throw new IllegalArgumentException("PdedConfig: the encoder must take " + imageSize + "x" + imageSize
                    + " images and have no head (classes 0), got image size " + encoder.imageSize() + " and " + encoder.classes() + " classes");
        }
    }

    /** Expression classes of the canonical order (DATASETS.md). */
    public static final int EXPRESSIONS = 7;

    /**
     * Sized for about a minute of fine-tuning on 2 CPU cores: 32x32 input, ResNet-18 at width 1/4
     * with the small stem (stages 16..128 channels; the calibration's network), progressive
     * decoupling from pixels, 3x3 decouplers, two domains, lambda_2 = 1, SEPARATED gradients. The
     * ENCODER input's ViT is the base encoder's shape (Pretraining.BASE_ENCODER): dim 96, 4 blocks,
     * 3 heads, patch 4 (an 8x8 grid, enough patches for masking to choose), fixed sin-cos positions
     * as MAE's; its map is upsampled x2, so the stages see 16, 8, 4 and 2 pixels: stage 4 at 2x2, as
     * the paper's 14x14 grid (224 / 16) would reach it without upsampling.
     */
    public static PdedConfig defaults() {
        ResNetConfig resnet = new ResNetConfig(EXPRESSIONS, ResNetConfig.Stem.SMALL, 0.25, 3);
        ViTConfig vit = new ViTConfig(32, 4, 3, 96, 4, 3, 4.0, 0, true, ViTConfig.PosEmbed.SINCOS, ViTConfig.Pool.MEAN, 0, 0);
        return new PdedConfig(32, Input.IMAGE, Variant.PROGRESSIVE, resnet, vit, EncoderMode.TRAIN, 2, 3, 2, 1.0, Gradients.SEPARATED);
    }

    /**
     * A copy with some fields changed, on a mutable copy of them:
     * {@code defaults().with(b -> { b.input = Input.ENCODER; b.variant = Variant.NONE; })}. The result is
     * validated as a new config is (an encoder change needs the matching imageSize).
     */
    public PdedConfig with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return new PdedConfig(b.imageSize, b.input, b.variant, b.resnet, b.encoder, b.encoderMode, b.upsample, b.decouplerKernel,
                b.domains, b.lambda, b.gradients);
    }

    /** The fields of a config, mutable, for {@link #with}; their meaning is the record's. */
    public static final class Builder {
        public int imageSize, upsample, decouplerKernel, domains;
        public Input input;
        public Variant variant;
        public ResNetConfig resnet;
        public ViTConfig encoder;
        public EncoderMode encoderMode;
        public double lambda;
        public Gradients gradients;

        private Builder(PdedConfig c) {
            imageSize = c.imageSize;
            input = c.input;
            variant = c.variant;
            resnet = c.resnet;
            encoder = c.encoder;
            encoderMode = c.encoderMode;
            upsample = c.upsample;
            decouplerKernel = c.decouplerKernel;
            domains = c.domains;
            lambda = c.lambda;
            gradients = c.gradients;
        }
    }

    /** Logits of the domain head: one (BCE, Eq. 12) for two domains, one per domain (softmax cross-entropy) for more. */
    public int domainLogits() { return domains == 2 ? 1 : domains; }
}
