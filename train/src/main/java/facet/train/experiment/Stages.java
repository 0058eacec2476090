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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * A study of several runs under one folder (the demo, an ablation): each stage is a run folder
 * of its own, done once. A finished stage leaves a DONE file and is skipped when the study runs
 * again; a stage that was killed resumes from its last checkpoint (bit for bit: see TrainLoop),
 * so a killed study, run again with --resume, ends where an uninterrupted one would.
 * A study plans its stages first ({@link #run}, {@link #step}), then {@link #runAll} runs them:
 * the progress line says which stage of how many, with an ETA from their expected shares of the work.
 */
public final class Stages {
    static final String DONE = "DONE";

    /** A planned stage: its name, its expected share of the work, what it does. */
    private record Stage(String name, double weight, Runnable body) {}

    private final Path root;
    private final PrintWriter out;
    private final Device device;
    private final List<Stage> plan = new ArrayList<>();
    private final long t0 = System.nanoTime();

    public Stages(Path root, PrintWriter out, Device device) {
        this.root = root;
        this.out = out;
        this.device = device;
    }

    public boolean done(String name) { return Files.exists(root.resolve(name).resolve(DONE)); }

    /**
     * Plans the stage name: a run of spec's kind with config c, run (or resumed, or skipped when
     * done) by {@link #runAll}. weight: its expected share of the work, for the ETA. Returns its
     * folder, for the stages after it.
     */
    public Path run(String name, ConfigSpec spec, Config c, double weight, BiConsumer<RunDir, Device> body) {
        Path dir = root.resolve(name);
        plan.add(new Stage(name, weight, () -> {
            if (done(name)) {
                out.println("  already done: " + dir);
                return;
            }
            boolean started = Files.exists(dir.resolve("run.json"));
            try (RunDir run = started ? RunDir.resume(dir, spec, out) : RunDir.create(dir, c, false, out);
                 Scope threads = Parallel.withThreads(run.config().i("threads"))) {
                body.accept(run, device);
            }
            mark(dir);
        }));
        return dir;
    }

    /** Plans a step that is not a training run (evaluation, figures): always run, cheap. */
    public void step(String name, double weight, Runnable body) { plan.add(new Stage(name, weight, body)); }

    /** Runs the planned stages in order; each one's share of the ETA is its weight over the plan's total. */
    public void runAll() {
        double total = plan.stream().mapToDouble(Stage::weight).sum(), doneWeight = 0;
        for (int i = 0; i < plan.size(); i++) {
            Stage s = plan.get(i);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            String eta = doneWeight <= 0 ? "" : String.format(Locale.ROOT, ", ETA %s", clock(elapsed / doneWeight * (total - doneWeight)));
            out.printf(Locale.ROOT, "%n=== stage %d of %d: %s (elapsed %s%s)%n", i + 1, plan.size(), s.name(), clock(elapsed), eta);
            out.flush();
            s.body().run();
            doneWeight += s.weight();
        }
        plan.clear();
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
