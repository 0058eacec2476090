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

    @Option(names = "--profile", description = "after timing, run 3 more steps and print the time per backend op")
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
                if (profile) profile(step, ms, profileShapes);
            }
        }
    }

    /** Three profiled steps: each backend op's share of the step, largest first. */
    private static void profile(Runnable step, double stepMs, boolean byShape) {
        facet.tensor.Profiler.reset();
        facet.tensor.Profiler.byShape(byShape);
        facet.tensor.Profiler.enable(true);
        for (int i = 0; i < 3; i++) step.run();
        facet.tensor.Profiler.enable(false);
        int width = byShape ? 60 : 28;
        System.out.printf("%-" + width + "s %8s %10s %7s%n", "backend op (3 steps)", "calls", "ms/step", "share");
        facet.tensor.Profiler.totals().forEach((op, t) -> {
            double ms = t[1] / 1e6 / 3;
            if (ms >= stepMs * 0.002) System.out.printf("%-" + width + "s %8d %10.1f %6.1f%%%n", op, t[0] / 3, ms, 100 * ms / stepMs);
        });
    }
}
