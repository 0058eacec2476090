package facet.train.experiment;

import facet.esgm.MaskingKind;
import facet.nn.io.AtomicFiles;
import facet.pded.Variant;
import facet.train.run.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The run configs that the demo and the ablations build from their sizes: a pre-training per
 * masking and a fine-tuning per method, each the kind's defaults with a few keys set.
 */
final class Recipes {
    private Recipes() {}

    /**
     * A study's sizes: the demo's full (about 6 minutes on 2 cores) or quick (about 2.5), or an
     * ablation's. Pre-training is short, since it continues the base encoder; fine-tuning gets the
     * time, in batches of 32: from pixels or an encoder, ResNet-18 with random crops sits at the
     * majority class for its first 3000-4500 images whatever the batch (RESULTS.md), and batches of 32 see as many
     * images a second as 64 with twice the steps, which learned more in the same time.
     */
    record Sizes(int pretrainCount, int phase1Epochs, int phase2Epochs, int heldOut, int trainCount, int testCount, int finetuneEpochs,
                 int batch, boolean randomCrop, int tsnePerDomain) {
        /**
         * The quick sizes fine-tune without random crops: at 6000 images the crop's shifts kept
         * ResNet-18 from pixels at the majority class in half the seeds, while at the full sizes they
         * are worth 2.6 target points on average (RESULTS.md, "Random crops and the quick demo").
         */
        static Sizes demo(boolean quick) {
            return quick ? new Sizes(500, 1, 1, 64, 1200, 200, 3, 32, false, 80) : new Sizes(3000, 1, 1, 128, 3000, 500, 3, 32, true, 150);
        }

        /** An ablation runs seven fine-tunings a seed for Tables IV and V (RESULTS.md: its time on 2 cores at the default 5 seeds). */
        static Sizes ablation(boolean quick) {
            return quick ? demo(true) : new Sizes(2000, 1, 1, 128, 2000, 400, 4, 32, true, 150);
        }
    }

    /** One fine-tuning of a study: its stage folder, its row label, its input and its decoupling. */
    record Method(String stage, String label, Input input, Variant variant) {}

    /** A pre-training with masking (as the config spells it) at the sizes' counts and epochs. */
    static Config pretrainConfig(String cache, Sizes z, long seed, MaskingKind masking) {
        return Config.defaults(Pretraining.spec()).with("cache", cache).with("masking", masking).with("seed", seed)
                .with("train_count", z.pretrainCount()).with("heldout_count", z.heldOut()).with("epochs", z.phase1Epochs())
                .with("phase2_epochs", z.phase2Epochs())
                .with("probe_train_count", z.trainCount()).with("probe_test_count", z.testCount());   // the fine-tunings' raf faces: rendered once
    }

    /** A fine-tuning of m on raf, evaluated on targets; from: the pre-training run folder (null for pixels). */
    static Config finetuneConfig(String cache, Sizes z, long seed, Method m, Path from, List<String> targets) {
        Config c = Config.defaults(Finetuning.spec()).with("cache", cache).with("seed", seed).with("input", m.input()).with("variant", m.variant())
                .with("train_count", z.trainCount()).with("test_count", z.testCount()).with("epochs", z.finetuneEpochs()).with("batch", z.batch())
                .with("random_crop", z.randomCrop())
                .with("targets", String.join(",", targets));
        return from == null ? c : c.with("from", from.toString());
    }

    /** A report file, whole or not at all. */
    static void write(Path f, String text) {
        try {
            AtomicFiles.writeString(f, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }
}
