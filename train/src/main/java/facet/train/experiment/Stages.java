package facet.train.experiment;

import facet.kernels.Scope;
import facet.kernels.cpu.Parallel;
import facet.nn.io.AtomicFiles;
import facet.tensor.Device;
import facet.train.run.Config;
import facet.train.run.ConfigSpec;
import facet.train.run.RunDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * A study of several runs under one folder (the demo, an ablation): each stage is a run folder
 * of its own, done once. A finished stage leaves a DONE file and is skipped when the study runs
 * again; a stage that was killed resumes from its last checkpoint (bit for bit: see TrainLoop),
 * so a killed study, run again with --resume, ends where an uninterrupted one would.
 * Progress: which stage of how many, and an ETA from the stages' expected shares of the work.
 */
public final class Stages {
    static final String DONE = "DONE";

    private final Path root;
    private final PrintWriter out;
    private final Device device;
    private final double total;
    private final long t0 = System.nanoTime();
    private double doneWeight;
    private int index;
    private final int count;

    /** weights: the expected share of each stage, in the order they will run (only their sum and running total matter). */
    public Stages(Path root, PrintWriter out, Device device, List<Double> weights) {
        this.root = root;
        this.out = out;
        this.device = device;
        this.total = weights.stream().mapToDouble(Double::doubleValue).sum();
        this.count = weights.size();
    }

    public boolean done(String name) { return Files.exists(root.resolve(name).resolve(DONE)); }

    /** Runs (or resumes, or skips when done) the stage name: a run of spec's kind with config c. */
    public Path run(String name, ConfigSpec spec, Config c, double weight, BiConsumer<RunDir, Device> body) {
        Path dir = root.resolve(name);
        announce(name, weight);
        if (!done(name)) {
            boolean started = Files.exists(dir.resolve("run.json"));
            try (RunDir run = started ? RunDir.resume(dir, spec, out) : RunDir.create(dir, c, false, out);
                 Scope threads = Parallel.withThreads(run.config().i("threads"))) {
                body.accept(run, device);
            }
            mark(dir);
        } else {
            out.println("  already done: " + dir);
        }
        doneWeight += weight;
        return dir;
    }

    /** A step that is not a training run (evaluation, figures): always run, cheap. */
    public void step(String name, double weight, Runnable body) {
        announce(name, weight);
        body.run();
        doneWeight += weight;
    }

    private void announce(String name, double weight) {
        index++;
        double elapsed = (System.nanoTime() - t0) / 1e9;
        String eta = doneWeight <= 0 ? "" : String.format(Locale.ROOT, ", ETA %s", clock(elapsed / doneWeight * (total - doneWeight)));
        out.printf(Locale.ROOT, "%n=== stage %d of %d: %s (elapsed %s%s)%n", index, count, name, clock(elapsed), eta);
        out.flush();
    }

    private static void mark(Path dir) {
        try {
            AtomicFiles.writeString(dir.resolve(DONE), "finished\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark " + dir + " done", e);
        }
    }

    static String clock(double s) { return String.format(Locale.ROOT, "%dm%02ds", (long) s / 60, (long) s % 60); }
}
