package facet.train.cli;

import facet.train.experiment.Ablation;
import facet.train.experiment.Experiment;
import facet.train.run.RunOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** ./facet ablate: the paper's ablations over seeds, mean ± std, with the ordering sentences. */
@Command(name = "ablate", description = {"Run the paper's ablations over several seeds (mean ± std), about 6 minutes a seed on 2 cores for Tables IV and V (--quick: 2): Table IV (ESGM x PDED),",
        "Table V (decoupling variants), Table III (raf + affectnet as sources), Fig. 8 (mask ratio). Writes ablation.md,",
        "a Markdown and CSV table per study, and says for each pair whether the paper's ordering holds."})
public final class AblateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--study", paramLabel = "LIST", description = "comma-separated: table4, table5, table3, maskratio (default table4,table5)")
    String study = "table4,table5";

    @Option(names = "--seeds", paramLabel = "N", description = "seeds 1..N (default 3)")
    int seeds = 3;

    @Option(names = "--quick", description = "the quick demo's sizes")
    boolean quick;

    @Option(names = "--device", paramLabel = "DEV", description = "cpu (default), cuda or cuda:N")
    String device = "cpu";

    @Option(names = "--out", paramLabel = "DIR", description = "the ablation folder (default runs/<date-time>-ablate); an existing one is continued")
    Path out;

    @Override public Integer call() throws Exception {
        Options.range(spec, "--seeds", seeds, 1, 100);
        List<String> studies = Arrays.stream(study.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (String s : studies) {
            if (!Ablation.STUDIES.contains(s)) throw Options.bad(spec, "--study " + s + " is not one of " + String.join(", ", Ablation.STUDIES));
        }
        if (studies.isEmpty()) throw Options.bad(spec, "--study names no study");
        var dev = Experiment.device(device);
        Path root = out != null ? out : RunOptions.defaultFolder("ablate");
        Files.createDirectories(root);
        spec.commandLine().getOut().println("ablation folder: " + root + " (run the same command with --out " + root + " to continue it)");
        Ablation.run(root, studies, seeds, quick, dev, spec.commandLine().getOut());
        return 0;
    }
}
