package facet.train.cli;

import facet.train.experiment.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;

/** ./facet demo: the whole paper pipeline on synthetic faces, with a report. */
@Command(name = "demo", description = {"The main job: pre-train twice (MAE, ESGM), fine-tune on raf (ResNet-18 with and without PDED,",
        "MAE + ResNet-18, ESGM + PDED, ESGM + single), evaluate on five synthetic targets, write runs/<date-time>-demo/report.md with the table and figures.",
        "About 6 minutes on 2 cores (--quick: about 2.5). A killed demo continues with --resume DIR."})
public final class DemoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--quick", description = "smaller sizes, same outputs")
    boolean quick;

    @Option(names = "--seed", paramLabel = "N", description = "every random stream derives from it (default 1)")
    long seed = 1;

    @Option(names = "--device", paramLabel = "DEV", description = "cpu (default), cuda or cuda:N")
    String device = "cpu";

    @Option(names = "--out", paramLabel = "DIR", description = "the demo folder (default runs/<date-time>-demo)")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue a killed demo in DIR")
    Path resume;

    @Option(names = "--overwrite", description = "replace a demo folder that already holds files")
    boolean overwrite;

    @Override public Integer call() throws Exception {
        var dev = Options.device(spec, device);
        if (resume != null && out != null) throw Options.bad(spec, "--resume and --out name the folder twice; give one");
        Path root;
        boolean q = quick;
        long s = seed;
        if (resume != null) {
            Demo.Manifest m = Demo.manifest(resume);
            root = resume;
            q = m.quick();
            s = m.seed();
        } else {
            root = out != null ? out : RunOptions.defaultFolder("demo");
            if (Files.isDirectory(root) && Files.list(root).findAny().isPresent()) {
                if (!overwrite) throw new IllegalArgumentException("demo folder " + root + " already holds files; pass --resume " + root + " to continue it or --overwrite to replace it");
                try (var walk = Files.walk(root)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) if (!p.equals(root)) Files.delete(p);
                }
            }
            Files.createDirectories(root);
        }
        spec.commandLine().getOut().println("demo folder: " + root);
        Demo.run(root, q, s, dev, spec.commandLine().getOut());
        return 0;
    }
}
