package facet.train.experiment;

import facet.autograd.NoGrad;
import facet.esgm.ExpressionTarget;
import facet.esgm.MaskedAutoencoder;
import facet.esgm.Masking;
import facet.esgm.RandomMasking;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import facet.train.data.FaceDataset;
import facet.train.data.loader.Batch;
import facet.train.data.loader.Loader;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How much of the face a masking hides: the mean expression-pixel fraction (Eq. 5) of the masked
 * patches on held-out faces. The masks are chosen as in phase 2, without parsing maps (ESGM by the
 * learned w alone); the maps only score the choice. Random masking at the same ratio is the
 * baseline: its masked patches are a uniform sample, so it scores the faces' average patch.
 */
public final class MaskingStats {
    private MaskingStats() {}

    public record Fractions(double masked, double random) {}

    public static Fractions fractions(MaskedAutoencoder model, Masking masking, FaceDataset heldOut, int batch, Device device, long seed) {
        Masking random = new RandomMasking(new Generator(seed + 99));
        double[] mine = new double[2], rand = new double[2];
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var ng = NoGrad.enter(); Loader loader = Loader.over(heldOut).batchSize(batch).shuffle(false).workers(0)
                .transform(Experiment.normalize()).build()) {
            for (Batch b : loader.epoch(0)) {
                if (b.parsing() == null) throw new IllegalArgumentException("masking statistics: " + heldOut.name() + " has no parsing maps");
                Tensor imgs = b.images().to(device);
                Tensor target = ExpressionTarget.fractions(b.parsing().to(device), model.esgm.patchSize(), model.esgm.expressionParts());
                add(mine, model.forwardEncoder(imgs, null, masking).masks().mask(), target);
                add(rand, model.forwardEncoder(imgs, null, random).masks().mask(), target);
            }
        } finally {
            if (wasTraining) model.train();
        }
        return new Fractions(mine[0] / mine[1], rand[0] / rand[1]);
    }

    private static void add(double[] acc, Tensor mask, Tensor target) {
        acc[0] += mask.mul(target).sum().item();
        acc[1] += mask.sum().item();
    }

    /** summary.json's masking entries, in a map the caller adds to. */
    static Map<String, Object> summary(String masking, double ratio, Fractions f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("masking", masking);
        m.put(Pretraining.MASK_RATIO.name(), ratio);
        m.put("masked_expression_fraction", f.masked());
        m.put("random_masked_expression_fraction", f.random());
        return m;
    }
}
