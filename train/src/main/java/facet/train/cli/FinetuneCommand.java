package facet.train.cli;

import facet.kernels.Scope;
import facet.train.experiment.Finetuning;
import facet.train.run.RunDir;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** ./facet finetune: PDED fine-tuning on a source dataset into a run folder. */
@Command(name = "finetune", description = {"Fine-tune ResNet-18 with a decoupling variant on a source dataset, from pixels (--input image)",
        "or from the encoder of a pre-training run (--input mae|esgm|marlin --from DIR). Then: ./facet eval --from RUN."})
public final class FinetuneCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin RunOptions run;

    @Option(names = "--from", paramLabel = "DIR", description = "the pre-training run folder (not for --input image)")
    String from;

    @Option(names = "--input", paramLabel = "NAME", description = "image, mae, esgm or marlin")
    String input;

    @Option(names = "--variant", paramLabel = "NAME", description = "none, single, parallel, cyclic or progressive")
    String variant;

    @Option(names = "--source", paramLabel = "DATA", description = "source dataset: a synthetic domain (raf) or FORMAT:PATH")
    String source;

    @Option(names = "--source2", paramLabel = "DATA", description = "a second source (multi-source setting, Table III)")
    String source2;

    @Option(names = "--seed", paramLabel = "N", description = "every random stream derives from it")
    Long seed;

    @Override public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        var flags = RunOptions.flags("from", from, "input", input, "variant", variant, "source", source, "source2", source2, "seed", seed);
        try (RunDir dir = run.open(Finetuning.spec(), flags, out); Scope threads = RunOptions.threads(dir.config())) {
            out.println("run folder: " + dir.dir());
            Finetuning.run(dir, run.device());
            out.println("next: ./facet eval --from " + dir.dir());
        }
        return 0;
    }
}
