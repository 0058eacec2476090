package facet.train.experiment;

import facet.kernels.Scope;
import facet.kernels.cpu.Parallel;
import facet.tensor.Device;
import facet.train.run.Config;
import facet.train.run.RunDir;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * ESGM pre-training at a tiny size in a run folder, both phases, as a child process for the
 * kill-and-resume test: {@code TinyPretrain DIR CACHE new|resume}. The real model, masking, loader and
 * augmentation; 8 steps a phase epoch, 2 epochs a phase, a checkpoint every 3 steps.
 */
public final class TinyPretrain {
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        PrintWriter out = new PrintWriter(System.out, true);
        Config c = Config.defaults(Pretraining.spec()).with(List.of("train_count=64", "heldout_count=8", "dim=32", "depth=1", "heads=2",
                "decoder_dim=16", "decoder_depth=1", "decoder_heads=2", "epochs=2", "phase2_epochs=2", "batch=8", "checkpoint_every=3",
                "threads=1", "cache=" + args[1]));
        try (RunDir run = args[2].equals("resume") ? RunDir.resume(dir, Pretraining.spec(), out) : RunDir.create(dir, c, false, out);
             Scope s = Parallel.withThreads(1)) {
            Pretraining.run(run, Device.CPU);
        }
    }
}
