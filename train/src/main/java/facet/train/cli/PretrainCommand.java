package facet.train.cli;

import facet.kernels.Scope;
import facet.train.experiment.Pretraining;
import facet.train.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** ./facet pretrain: ESGM (or MAE / MARLIN) pre-training, both phases, into a run folder. */
@Command(name = "pretrain", description = {"Pre-train a ViT masked autoencoder with expression-aware (ESGM), random (MAE) or MARLIN masking:",
        "phase 1 on faces with parsing maps, phase 2 on faces without. Writes config, metrics, checkpoints, encoder weights,",
        "Fig. 4 / Fig. 5 and summary.json into the run folder."})
public final class PretrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RunOptions run;

    @Option(names = "--masking", paramLabel = "NAME", description = "expression (ESGM), random (MAE) or marlin")
    String masking;

    @Option(names = "--mask-ratio", paramLabel = "R", description = "mr of Eq. 4: the fraction of patches masked")
    Double maskRatio;

    @Option(names = "--seed", paramLabel = "N", description = "every random stream derives from it")
    Long seed;

    @Option(names = "--init", paramLabel = "FILE", description = "MAE weights to start from (.safetensors, or the official .pth)")
    String init;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (RunDir dir = run.open(Pretraining.spec(), RunOptions.flags("masking", masking, Pretraining.MASK_RATIO.name(), maskRatio, "seed", seed, "init", init), out);
             Scope threads = RunOptions.threads(dir.config())) {
            out.println("run folder: " + dir.dir());
            Pretraining.Result r = Pretraining.run(dir, run.device());
            out.printf("encoder weights: %s%n", r.weights());
        }
        return 0;
    }
}
