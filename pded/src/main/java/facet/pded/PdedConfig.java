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
 */
public record PdedConfig(int imageSize, Input input, Variant variant, ResNetConfig resnet, ViTConfig encoder, EncoderMode encoderMode,
                         int upsample, int decouplerKernel, int domains, double lambda) {

    /** IMAGE: ResNet-18 from pixels, the paper's "Baseline (ResNet18)". ENCODER: F0 from a pre-trained ViT (MAE or ESGM weights). */
    public enum Input { IMAGE, ENCODER }

    /**
     * TRAIN (default): the encoder is fine-tuned with the rest, as MAE fine-tunes its encoder and as Algorithm 1
     * line 11 updates all of theta_ft. FROZEN: the encoder runs without a graph and keeps its pre-trained weights.
     */
    public enum EncoderMode { TRAIN, FROZEN }

    public PdedConfig {
        if (imageSize < 8 || upsample < 1 || decouplerKernel < 1 || decouplerKernel % 2 == 0 || domains < 2 || !(lambda >= 0)) {
            throw new IllegalArgumentException("PdedConfig: need image size >= 8, upsample >= 1, an odd decoupler kernel, >= 2 domains "
                    + "and lambda >= 0; got " + this);
        }
        if (input == Input.ENCODER && (encoder.imageSize() != imageSize || encoder.classes() != 0)) {
            throw new IllegalArgumentException("PdedConfig: the encoder must take " + imageSize + "x" + imageSize
                    + " images and have no head (classes 0), got image size " + encoder.imageSize() + " and " + encoder.classes() + " classes");
        }
    }

    /** Expression classes of the canonical order (DATASETS.md). */
    public static final int EXPRESSIONS = 7;

    /**
     * Sized for about two minutes of fine-tuning plus evaluation on 2 CPU cores: 32x32 input, ResNet-18 at
     * width 1/4 with the small stem (stages 16..128 channels; the calibration's network), progressive
     * decoupling from pixels, 3x3 decouplers, two domains, lambda_2 = 1. The ENCODER input's ViT: dim 96,
     * 4 blocks, 3 heads, patch 8 (a 4x4 grid), fixed sin-cos positions as MAE's; its map is upsampled x4, so
     * the stages see 16, 8, 4 and 2 pixels: stage 4 at 2x2, as the paper's 14x14 grid (224 / 16) would reach
     * it without upsampling, for a quarter of the image path's ResNet cost (x8 would match the image
     * stem's 32x32 at full cost; x2 leaves stage 4 a single pixel).
     */
    public static PdedConfig defaults() {
        ResNetConfig resnet = new ResNetConfig(EXPRESSIONS, ResNetConfig.Stem.SMALL, 0.25, 3);
        ViTConfig vit = new ViTConfig(32, 8, 3, 96, 4, 3, 4.0, 0, true, ViTConfig.PosEmbed.SINCOS, ViTConfig.Pool.MEAN, 0, 0);
        return new PdedConfig(32, Input.IMAGE, Variant.PROGRESSIVE, resnet, vit, EncoderMode.TRAIN, 4, 3, 2, 1.0);
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
                b.domains, b.lambda);
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
        }
    }

    /** Logits of the domain head: one (BCE, Eq. 12) for two domains, one per domain (softmax cross-entropy) for more. */
    public int domainLogits() { return domains == 2 ? 1 : domains; }
}
