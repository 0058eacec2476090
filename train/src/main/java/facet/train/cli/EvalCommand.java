package facet.train.cli;

import facet.kernels.Scope;
import facet.kernels.cpu.Parallel;
import facet.train.experiment.Evaluating;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** ./facet eval: a fine-tuned model on its source's test split and every target. */
@Command(name = "eval", description = {"Test a fine-tuning run on its source's test split and on each target: accuracy, mean recall,",
        "majority-class accuracy, confusion matrices (CSV, PNG) and results.json in the run folder; the table printed."})
public final class EvalCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--from", paramLabel = "DIR", required = true, description = "the fine-tuning run folder")
    Path from;

    @Option(names = "--targets", paramLabel = "LIST", description = "comma-separated datasets (synthetic names or FORMAT:PATH); default: the run's")
    String targets;

    @Option(names = "--device", paramLabel = "DEV", description = "cpu (default), cuda or cuda:N")
    String device = "cpu";

    @Option(names = "--threads", paramLabel = "N", description = "kernel threads (default: all cores)")
    Integer threads;

    @Override public Integer call() {
        var dev = Options.device(spec, device);
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : Options.range(spec, "--threads", threads, 1, 4096);
        List<String> refs = targets == null ? null : Arrays.stream(targets.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        try (Scope s = Parallel.withThreads(t)) {
            Evaluating.run(from, refs, dev, spec.commandLine().getOut());
        }
        return 0;
    }
}
