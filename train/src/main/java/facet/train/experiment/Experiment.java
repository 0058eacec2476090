package facet.train.experiment;

import facet.tensor.Device;
import facet.train.report.Images;
import facet.train.run.Config;
import facet.train.run.LoopSettings;

/** What every experiment run shares: the input normalisation, the loop settings read from a config, the device by name. */
public final class Experiment {
    private Experiment() {}

    /** Grey level 0.5 +- 0.25 maps to 0 +- 1 on every channel, as calibration does; pre-training and fine-tuning see the same inputs. */
    public static final double[] MEAN = {0.5, 0.5, 0.5}, STD = {0.25, 0.25, 0.25};

    /** The same normalisation, for turning tensors back into pictures. */
    public static final Images.Norm NORM = new Images.Norm(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f});

    /** The loop keys of c for one phase with its own epoch count (a config's two pre-training phases share the rest). */
    public static LoopSettings loop(Config c, String phase, int epochs) {
        return LoopSettings.from(c, phase).withEpochs(epochs);
    }

    /** "cpu" or "cuda" / "cuda:N". */
    public static Device device(String name) {
        if (name.equals("cpu")) return Device.CPU;
        if (name.equals("cuda")) return Device.cuda(0);
        if (name.startsWith("cuda:")) {
            try {
                return Device.cuda(Integer.parseInt(name.substring(5)));
            } catch (NumberFormatException e) {
                // fall through to the sentence below
            }
        }
        throw new IllegalArgumentException("--device " + name + ": expected cpu, cuda or cuda:N");
    }
}
