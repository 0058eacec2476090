package facet.pded;

import facet.nn.Conv2d;
import facet.nn.models.ResNetConfig;
import facet.nn.models.ViTConfig;
import facet.nn.models.VisionTransformer;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;

/**
 * Tiny PDED networks for tests: 8x8 images, ResNet-18 at width 1/16 (stages 4, 8, 16, 32 channels on
 * 8, 4, 2, 1 pixels); the encoder a one-block ViT of dim 8 on a 2x2 patch grid, upsampled x2. Public
 * for the CUDA tests.
 */
public final class Tiny {
    private Tiny() {}

    static final int SIZE = 8;
    static final ResNetConfig RESNET = new ResNetConfig(PdedConfig.EXPRESSIONS, ResNetConfig.Stem.SMALL, 1 / 16.0, 3);
    static final ViTConfig VIT = new ViTConfig(SIZE, 4, 3, 8, 1, 2, 2.0, 0, true, ViTConfig.PosEmbed.SINCOS, ViTConfig.Pool.MEAN, 0, 0);

    static PdedConfig config(PdedConfig.Input input, Variant v) {
        return PdedConfig.defaults().with(b -> {
            b.imageSize = SIZE;
            b.resnet = RESNET;
            b.encoder = VIT;
            b.upsample = 2;
            b.input = input;
            b.variant = v;
        });
    }

    /** 16x16 images, ResNet-18 at the given width, a one-block ViT of dim 16 on a 4x4 patch grid upsampled x2. */
    public static PdedConfig sixteen(PdedConfig.Input input, double width) {
        return PdedConfig.defaults().with(b -> {
            b.imageSize = 16;
            b.resnet = new ResNetConfig(PdedConfig.EXPRESSIONS, ResNetConfig.Stem.SMALL, width, 3);
            b.encoder = new ViTConfig(16, 4, 3, 16, 1, 2, 2.0, 0, true, ViTConfig.PosEmbed.SINCOS, ViTConfig.Pool.MEAN, 0, 0);
            b.upsample = 2;
            b.input = input;
        });
    }

    /** The model of config c, with a freshly initialised encoder for the ENCODER input; one generator from seed for all. */
    public static PdedModel model(PdedConfig c, long seed) {
        Generator g = new Generator(seed);
        VisionTransformer encoder = c.input() == PdedConfig.Input.ENCODER ? new VisionTransformer(c.encoder(), g) : null;
        return new PdedModel(c, encoder, g);
    }

    /** Every decoupler convolution (weight and bias) to N(0, 0.3^2) values, as after some training: they start at zero. */
    public static void randomiseDecouplers(PdedModel m, long seed) {
        Generator g = new Generator(seed);
        for (int k = 0; k < m.config.variant().decouplers; k++) {
            Conv2d c = m.decoupler(k).conv;
            c.weight.setData(Tensor.randn(g, c.weight.dtype(), c.weight.shape()).mul(0.3));
            c.bias.setData(Tensor.randn(g, c.bias.dtype(), c.bias.shape()).mul(0.3));
        }
    }

    static Tensor images(long seed, int batch) { return Tensor.randn(new Generator(seed), DType.F32, batch, 3, SIZE, SIZE); }

    static Tensor ints(int... v) { return Tensor.ofInts(v, v.length); }
}
