package facet.bench;

import facet.kernels.Scope;
import facet.kernels.cpu.Parallel;
import facet.tensor.Device;
import facet.tensor.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One training step of a reference workload ({@link Workloads}: forward, cross-entropy, backward
 * and an AdamW update) on the CPU, on a fixed random batch. Reports ms per step and images per
 * second; the flop count is the usual estimate of 3x the forward multiply-adds, times 2.
 */
@Command(name = "step", description = "Training-step throughput (images/s) of workload W1 (ResNet-18), W2 (ViT) or W3 (ESGM pre-training).")
final class StepCommand extends BenchOptions implements Runnable {
    @Option(names = "--workload", description = "W1, W2 or W3 (default ${DEFAULT-VALUE})")
    String workload = "W1";

    @Option(names = "--batch", description = "batch size (default ${DEFAULT-VALUE})")
    int batch = 32;

    @Option(names = "--profile", description = "after timing, run profiled steps for the warm-up time, then print the time per backend op over 5 more")
    boolean profile;

    @Option(names = "--profile-shapes", description = "with --profile: one row per op and argument shapes")
    boolean profileShapes;

    @Override public void run() {
        Generator g = new Generator(0);
        Workloads.Model m = Workloads.model(workload, g);
        Runnable step = Workloads.trainingStep(m, Workloads.images(g, Device.CPU, batch), Workloads.labels(Device.CPU, batch));
        double flops = m.stepFlops(batch);
        for (int t : threadCounts()) {
            try (Scope scope = Parallel.withThreads(t)) {
                double ms = Timing.medianMs(step, warmup, 3, seconds);
                emit(new Row("step", m.name(), new int[] {batch, 3, Workloads.IMAGE, Workloads.IMAGE}, t, ms, flops, batch / (ms / 1000)));
                if (profile) profile(step, ms, warmup, profileShapes);
            }
        }
    }

    /**
     * Each backend op's time over five profiled steps, largest first. The timing proxy is a new
     * type at every backend call site, so the JIT throws away and recompiles the step's hot code:
     * measured at once, three profiled steps of W2 ran 45% slower than the timed ones. So the
     * profiled steps first run for the warm-up time, and only the next five count.
     */
    private static void profile(Runnable step, double stepMs, double warmupSeconds, boolean byShape) {
        facet.tensor.Profiler.byShape(byShape);
        facet.tensor.Profiler.enable(true);
        Timing.warmUp(step, warmupSeconds);
        facet.tensor.Profiler.reset();
        long t0 = System.nanoTime();
        for (int i = 0; i < STEPS; i++) step.run();
        double profiledMs = (System.nanoTime() - t0) / 1e6 / STEPS;
        facet.tensor.Profiler.enable(false);
        int width = byShape ? 60 : 28;
        System.out.printf("profiled step %.1f ms (timed %.1f ms)%n", profiledMs, stepMs);
        System.out.printf("%-" + width + "s %8s %10s %7s%n", "backend op (" + STEPS + " steps)", "calls", "ms/step", "share");
        facet.tensor.Profiler.totals().forEach((op, t) -> {
            double ms = t[1] / 1e6 / STEPS;
            if (ms >= profiledMs * 0.002) System.out.printf("%-" + width + "s %8d %10.1f %6.1f%%%n", op, t[0] / STEPS, ms, 100 * ms / profiledMs);
        });
    }

    private static final int STEPS = 5;
}
