package facet.bench;

import facet.autograd.Losses;
import facet.autograd.Variable;
import facet.kernels.cpu.Parallel;
import facet.nn.Layer;
import facet.nn.models.ResNet18;
import facet.nn.models.ResNetConfig;
import facet.nn.models.ViTConfig;
import facet.nn.models.VisionTransformer;
import facet.nn.optim.AdamW;
import facet.nn.optim.ParamGroup;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Set;

/**
 * One training step of a reference workload: forward, cross-entropy, backward and an AdamW
 * update, on a fixed random batch. Reports ms per step and images per second; the flop count
 * is the usual estimate of 3x the forward multiply-adds (forward, dX, dW), times 2.
 * <ul>
 *   <li>W1: ResNet-18, small-image stem (3x3 stride 1, no max-pool), widths 64-512, 3x64x64,
 *       batch 32, 7 classes;</li>
 *   <li>W2: ViT, patch 8 on 64x64 (65 tokens), dim 192, depth 6, 3 heads, MLP ratio 4, batch 32, 7 classes.</li>
 * </ul>
 */
@Command(name = "step", description = "Training-step throughput (images/s) of workload W1 (ResNet-18) or W2 (ViT).")
final class StepCommand extends BenchOptions implements Runnable {
    @Option(names = "--workload", description = "W1 or W2 (default ${DEFAULT-VALUE})")
    String workload = "W1";

    @Option(names = "--batch", description = "batch size (default ${DEFAULT-VALUE})")
    int batch = 32;

    @Option(names = "--profile", description = "after timing, run 3 more steps and print the time per backend op")
    boolean profile;

    @Option(names = "--profile-shapes", description = "with --profile: one row per op and argument shapes")
    boolean profileShapes;

    @Override public void run() {
        Generator g = new Generator(0);
        Layer model;
        double flops;
        switch (workload.toUpperCase()) {
            case "W1" -> {
                model = new ResNet18(ResNetConfig.small(7), g);
                flops = 3 * 2.0 * batch * resnetMacs(64);
            }
            case "W2" -> {
                ViTConfig c = new ViTConfig(64, 8, 3, 192, 6, 3, 4.0, 7, true, ViTConfig.PosEmbed.LEARNED, ViTConfig.Pool.CLS, 0, 0);
                model = new VisionTransformer(c, g);
                flops = 3 * 2.0 * batch * vitMacs(c);
            }
            default -> throw new IllegalArgumentException("step: unknown workload '" + workload + "' (W1 or W2)");
        }
        model.train();
        AdamW opt = new AdamW(ParamGroup.decayAndNoDecay(model, 0.05, Set.of()), 1e-3, 0.9, 0.999, 1e-8);
        Tensor x = Tensor.randn(g, DType.F32, batch, 3, 64, 64);
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) y[i] = i % 7;
        Tensor labels = Tensor.ofInts(y, batch);
        Runnable step = () -> {
            opt.zeroGrad();
            Variable loss = Losses.crossEntropy(model.apply(Variable.constant(x)), labels, 0);
            loss.backward();
            opt.step();
        };
        for (int t : threadCounts()) {
            Parallel.setThreads(t);
            double ms = Timing.medianMs(step, warmup, 3, seconds);
            emit(new Row("step", workload.toUpperCase(), new int[] {batch, 3, 64, 64}, t, ms, flops, batch / (ms / 1000)));
            if (profile) profile(step, ms, profileShapes);
        }
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
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

    /** Forward multiply-adds of ResNet-18 (small stem, 7 classes) per image: its convolutions and the head. */
    static double resnetMacs(int image) {
        double macs = 512 * 7;
        for (ConvCommand.Layer l : ConvCommand.resnet18Small(image)) {
            int out = l.in() / l.stride();
            macs += (double) l.count() * l.o() * out * out * l.c() * l.k() * l.k();
        }
        return macs;
    }

    /** Forward multiply-adds of the ViT per image: patch embedding, per block qkv + proj + MLP (12 d^2 per token) and attention (2 T d), head. */
    static double vitMacs(ViTConfig c) {
        double t = c.patches() + 1, d = c.dim();
        double embed = c.patches() * (double) c.channels() * c.patchSize() * c.patchSize() * d;
        double block = t * (4 * d * d + 2 * c.mlpRatio() * d * d) + 2 * t * t * d;
        return embed + c.depth() * block + d * c.classes();
    }
}
