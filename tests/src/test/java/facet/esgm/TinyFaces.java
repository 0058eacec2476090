package facet.esgm;

import facet.nn.models.ViTConfig;
import facet.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * A hand-made pre-training problem for tests: 16x16 images, a skin-coloured disk (part 1, skin)
 * with a darker nose patch (part 2) at a jittered centre, a hair band (part 13) on top, and a
 * background (part 0), each with pixel noise; and a tiny ESGM model for it (patch 4, 16 patches).
 */
final class TinyFaces {
    static final int SIZE = 16;

    final Tensor images, parsing;

    TinyFaces(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] img = new float[count * 3 * SIZE * SIZE];
        int[] map = new int[count * SIZE * SIZE];
        for (int b = 0; b < count; b++) {
            double cx = 7.5 + r.nextInt(-3, 4), cy = 8.5 + r.nextInt(-2, 3), rad = 4.5 + r.nextDouble();
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    double dx = x - cx, dy = y - cy;
                    int part = dx * dx + dy * dy <= rad * rad ? (Math.abs(dx) < 1.5 && Math.abs(dy) < 1.5 ? 2 : 1) : y < 3 ? 13 : 0;
                    double[] rgb = switch (part) {
                        case 1 -> new double[] {0.9, 0.65, 0.5};
                        case 2 -> new double[] {0.7, 0.45, 0.35};
                        case 13 -> new double[] {0.25, 0.15, 0.1};
                        default -> new double[] {0.3, 0.5, 0.7};
                    };
                    map[(b * SIZE + y) * SIZE + x] = part;
                    for (int c = 0; c < 3; c++) img[((b * 3 + c) * SIZE + y) * SIZE + x] = (float) (rgb[c] + 0.05 * r.nextGaussian());
                }
            }
        }
        images = Tensor.of(img, count, 3, SIZE, SIZE);
        parsing = Tensor.ofInts(map, count, SIZE, SIZE);
    }

    /** 16x16, patch 4, encoder 32 / 2 / 2, decoder 32 / 1 / 2, mask ratio 0.25 (4 of 16 patches), block hidden 64. */
    static EsgmConfig config() {
        ViTConfig enc = EsgmConfig.encoder(SIZE, 4, 32, 2, 2);
        return EsgmConfig.of(enc, new EsgmConfig.Decoder(32, 1, 2)).withMaskRatio(0.25)
                .withWeightBlock(new EsgmConfig.WeightBlock(2, 64, EsgmConfig.GapOver.CHANNELS));
    }
}
