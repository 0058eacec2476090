package facet.train.cli;

import facet.train.calibrate.Calibration;
import facet.train.calibrate.Verdict;
import facet.train.data.BadInputException;
import facet.train.data.formats.DataCheck;
import facet.train.data.formats.Format;
import facet.train.data.formats.NotThisFormatException;
import facet.train.data.synth.Domain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Datasets on disk and the synthetic domains: check a folder, calibrate the generator's domain gap. */
@Command(name = "data", description = "Check a dataset folder, or calibrate the synthetic domain gap.",
        subcommands = {DataCommand.Check.class, DataCommand.Calibrate.class})
final class DataCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "data: a subcommand is required (check or calibrate)");
    }

    @Command(name = "check", description = {"Index and decode a dataset folder; print per-split, per-class counts and every problem.",
            "Exits 1 when the folder is not the format claimed, or (with --strict) at the first problem."})
    static final class Check implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--format", required = true, description = "rafdb, fer2013, ferplus, affectnet, sfew, expw, jaffe, celebamask-hq or faces")
        String format;

        @Parameters(paramLabel = "PATH", description = "the dataset's root folder")
        Path path;

        @Option(names = "--json", description = "print one JSON object: {format, splits: {split: {class: count}}, problems: [{path, line, reason}]}")
        boolean json;

        @Option(names = "--strict", description = "the first problem is fatal")
        boolean strict;

        @Option(names = "--threads", description = "decode threads (default: all cores)")
        int threads = Runtime.getRuntime().availableProcessors();

        @Override public Integer call() {
            Format f;
            try {
                f = Format.byId(format);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            try {
                DataCheck.Report r = DataCheck.run(f, path, strict, threads);
                spec.commandLine().getOut().print(json ? r.toJson() + "\n" : r.toText());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (NotThisFormatException e) {
                spec.commandLine().getErr().println("data check: " + e.getMessage());
                return 1;
            } catch (BadInputException e) {
                spec.commandLine().getErr().println("data check (strict): " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "calibrate", description = {"Train a ResNet-18 (nn, small stem, narrowed) on one synthetic domain only and test it on every labelled domain.",
            "The gap is calibrated when the source reaches >= 85%% and the other domains average 35%%-75%%, none at chance.",
            "Exits 1 when a criterion fails."})
    static final class Calibrate implements Callable<Integer> {
        @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--source", description = "training domain (default ${DEFAULT-VALUE})")
        String source = "raf";

        @Option(names = "--train", description = "training samples (default ${DEFAULT-VALUE})")
        int train = 6000;

        @Option(names = "--eval", description = "test samples per domain (default ${DEFAULT-VALUE})")
        int eval = 600;

        @Option(names = "--size", description = "input size in pixels (default ${DEFAULT-VALUE})")
        int size = 32;

        @Option(names = "--width", description = "ResNet-18 width factor; 1.0 is 64-512 channels (default ${DEFAULT-VALUE})")
        double width = 0.25;

        @Option(names = "--epochs", description = "(default ${DEFAULT-VALUE})")
        int epochs = 12;

        @Option(names = "--batch", description = "(default ${DEFAULT-VALUE})")
        int batch = 64;

        @Option(names = "--lr", description = "peak learning rate of AdamW (default ${DEFAULT-VALUE})")
        double lr = 2e-3;

        @Option(names = "--weight-decay", description = "AdamW's decoupled weight decay on conv and linear weights (default ${DEFAULT-VALUE})")
        double weightDecay = 0.05;

        @Option(names = "--seed", description = "(default ${DEFAULT-VALUE})")
        long seed = 1;

        @Option(names = "--threads", description = "render threads (default: all cores)")
        int threads = Runtime.getRuntime().availableProcessors();

        @Override public Integer call() {
            Calibration.Config cfg;
            try {
                cfg = new Calibration.Config(Domain.byName(source), train, eval, size, width, epochs, batch, lr, weightDecay, seed, threads);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            var out = spec.commandLine().getOut();
            Calibration.Result r = Calibration.run(cfg, out);
            out.print(Calibration.table(r));
            out.flush();
            return Verdict.of(r).passed() ? 0 : 1;
        }
    }
}
