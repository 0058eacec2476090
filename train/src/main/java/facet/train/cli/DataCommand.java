package facet.train.cli;

import facet.train.calibrate.Calibration;
import facet.train.calibrate.Verdict;
import facet.train.data.ImageCodec;
import facet.train.data.formats.DataCheck;
import facet.train.data.formats.Format;
import facet.train.data.synth.Domain;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Datasets on disk and the synthetic domains: check a folder, calibrate the generator's domain gap. */
@Command(name = "data", description = "Check a dataset folder, or calibrate the synthetic domain gap.",
        subcommands = {DataCommand.Check.class, DataCommand.Calibrate.class})
final class DataCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() {
        throw new Failures.MissingSubcommand(spec.commandLine());
    }

    @Command(name = "check", description = {"Index and decode a dataset folder; print per-split, per-class counts and every problem.",
            "Exits 1 when the folder is not the format claimed, or (with --strict) at the first problem."})
    static final class Check implements Callable<Integer> {
        @Spec CommandSpec spec;

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

        @Option(names = "--max-pixels", description = "refuse images whose header claims more pixels (default ${DEFAULT-VALUE}, or -Dfacet.image.maxPixels)")
        long maxPixels = ImageCodec.maxPixels();

        /** Exit 1 (through Failures) when the folder is not the format, or with --strict at the first problem. */
        @Override public Integer call() {
            Options.range(spec, "--threads", threads, 1, 1024);
            Options.range(spec, "--max-pixels", maxPixels, 1, Long.MAX_VALUE);
            Format f;
            try {
                f = Format.byId(format);
            } catch (IllegalArgumentException e) {
                throw Options.bad(spec, "--format: " + e.getMessage());
            }
            DataCheck.Report r = DataCheck.run(f, path, strict, threads, maxPixels);
            spec.commandLine().getOut().print(json ? r.toJson() + "\n" : r.toText());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "calibrate", description = {"Train a ResNet-18 (nn, small stem, narrowed) on one synthetic domain only and test it on every labelled domain.",
            "The gap is calibrated when the source reaches >= 85%% and the other domains average 35%%-75%%, none at chance.",
            "Exits 1 when a criterion fails."})
    static final class Calibrate implements Callable<Integer> {
        @Spec CommandSpec spec;

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
            Domain d;
            try {
                d = Domain.byName(source);
            } catch (IllegalArgumentException e) {
                throw Options.bad(spec, "--source: " + e.getMessage());
            }
            if (!d.labelled) throw Options.bad(spec, "--source " + d.name + " is unlabelled; calibration trains on a labelled domain");
            Options.range(spec, "--train", train, 1, SynthCommand.MAX_COUNT);
            Options.range(spec, "--eval", eval, 1, SynthCommand.MAX_COUNT);
            Options.range(spec, "--size", size, 8, 512);
            Options.range(spec, "--width", width, 0, true, 4);
            Options.range(spec, "--epochs", epochs, 1, 10_000);
            Options.range(spec, "--batch", batch, 1, train);
            Options.range(spec, "--lr", lr, 0, true, 10);
            Options.range(spec, "--weight-decay", weightDecay, 0, false, 10);
            Options.range(spec, "--threads", threads, 1, 1024);
            Calibration.Config cfg = new Calibration.Config(d, train, eval, size, width, epochs, batch, lr, weightDecay, seed, threads);
            var out = spec.commandLine().getOut();
            Calibration.Result r = Calibration.run(cfg, out);
            out.print(Calibration.table(r));
            out.flush();
            return Verdict.of(r).passed() ? 0 : 1;
        }
    }
}
