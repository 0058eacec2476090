package facet.train.experiment;

import facet.train.data.transform.Transform;
import facet.train.data.transform.Transforms;
import facet.train.report.Images;
import facet.train.run.Config;
import facet.train.run.LoopSettings;

/** What every experiment run shares: the input normalisation and the loop settings read from a config. */
public final class Experiment {
    private Experiment() {}

    /** Grey level 0.5 +- 0.25 maps to 0 +- 1 on every channel, as calibration does; pre-training and fine-tuning see the same inputs. */
    private static final float MEAN = 0.5f, STD = 0.25f;

    /** The normalisation, for turning tensors back into pictures. */
    public static final Images.Norm NORM = new Images.Norm(new float[] {MEAN, MEAN, MEAN}, new float[] {STD, STD, STD});

    /** The normalisation as the loaders' last transform. */
    public static Transform normalize() { return Transforms.normalize(new double[] {MEAN, MEAN, MEAN}, new double[] {STD, STD, STD}); }

    /** The loop keys of c for one phase with its own epoch count (a config's two pre-training phases share the rest). */
    public static LoopSettings loop(Config c, String phase, int epochs) {
        return LoopSettings.from(c, phase).withEpochs(epochs);
    }
}
