package facet.train.cli;

import facet.train.experiment.Ablation;
import facet.train.experiment.Study;
import facet.train.run.ConfigKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;

/** ./facet ablate: the paper's ablations over seeds, mean ± std, with the ordering sentences and their 95% intervals. */
@Command(name = "ablate", description = {
        "Run the paper's ablations over several seeds, about 30 minutes for Tables IV and V at 5 seeds on 2 cores: Table IV "
                + "(ESGM x PDED), Table V (decoupling variants), Table III (raf + affectnet as sources), Fig. 8 (mask ratio).",
        "Writes ablation.md and a Markdown and CSV table per study (mean ± std over the seeds). Each row gives its train accuracy, "
                + "linear probe and whether it learned; each pair of the paper's ordering, its mean difference with a 95%% interval "
                + "over the seeds, resolved or not."})
public final class AblateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--study", paramLabel = "LIST", completionCandidates = Studies.class,
            description = "comma-separated: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    String study = "table4,table5";

    /** The studies as --study spells them. */
    static final class Studies implements Iterable<String> {
        @Override public Iterator<String> iterator() { return Arrays.stream(Study.values()).map(ConfigKey::word).iterator(); }
    }

    @Option(names = "--seeds", paramLabel = "N", description = "seeds 1..N (default ${DEFAULT-VALUE}; one seed gives no interval)")
    int seeds = 5;

    @Option(names = "--quick", description = "the quick demo's sizes")
    boolean quick;

    @Option(names = "--device", paramLabel = "DEV", description = "cpu (default), cuda or cuda:N")
    String device = "cpu";

    @Option(names = "--out", paramLabel = "DIR", description = "the ablation folder (default runs/<date-time>-ablate); an existing one is continued")
    Path out;

    @Override public Integer call() throws Exception {
        Options.range(spec, "--seeds", seeds, 1, 100);
        List<String> known = Arrays.stream(Study.values()).map(ConfigKey::word).toList();
        List<Study> studies = new ArrayList<>();
        for (String s : Arrays.stream(study.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            if (!known.contains(s)) throw Options.bad(spec, "--study " + s + " is not one of " + String.join(", ", known));
            studies.add(Study.values()[known.indexOf(s)]);
        }
        if (studies.isEmpty()) throw Options.bad(spec, "--study names no study");
        var dev = Options.device(spec, device);
        Path root = out != null ? out : RunOptions.defaultFolder("ablate");
        Files.createDirectories(root);
        spec.commandLine().getOut().println("ablation folder: " + root + " (run the same command with --out " + root + " to continue it)");
        Ablation.run(root, studies, seeds, quick, dev, spec.commandLine().getOut());
        return 0;
    }
}
