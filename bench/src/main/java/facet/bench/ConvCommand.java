package facet.bench;

import facet.kernels.Scope;
import facet.kernels.ConvGeometry;
import facet.kernels.cpu.Conv2d;
import facet.kernels.cpu.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

/**
 * The convolutions of ResNet-18 with the small-image stem (3x3 stride 1, no max-pool; widths
 * 64-512), forward and both backwards, at the W1 size (batch 32, 64x64) by default. Flops per
 * pass: 2 * N * O * OH * OW * C/g * KH * KW. The last line sums one training step's convolutions.
 */
@Command(name = "conv", description = "Convolution forward/backward GFLOP/s on the ResNet-18 layers of a workload.")
final class ConvCommand extends BenchOptions implements Runnable {
    @Option(names = "--batch", description = "batch size (default ${DEFAULT-VALUE})")
    int batch = 32;

    @Option(names = "--image", description = "input size (default ${DEFAULT-VALUE})")
    int image = 64;

    /** One distinct conv of the network: in/out channels, kernel, stride, input size, and how often it occurs. */
    record Layer(String name, int c, int o, int k, int stride, int in, int count) {}

    static List<Layer> resnet18Small(int s) {
        return List.of(
                new Layer("stem", 3, 64, 3, 1, s, 1),
                new Layer("layer1", 64, 64, 3, 1, s, 4),
                new Layer("layer2.0", 64, 128, 3, 2, s, 1),
                new Layer("layer2", 128, 128, 3, 1, s / 2, 3),
                new Layer("layer2.ds", 64, 128, 1, 2, s, 1),
                new Layer("layer3.0", 128, 256, 3, 2, s / 2, 1),
                new Layer("layer3", 256, 256, 3, 1, s / 4, 3),
                new Layer("layer3.ds", 128, 256, 1, 2, s / 2, 1),
                new Layer("layer4.0", 256, 512, 3, 2, s / 4, 1),
                new Layer("layer4", 512, 512, 3, 1, s / 8, 3),
                new Layer("layer4.ds", 256, 512, 1, 2, s / 4, 1));
    }

    @Override public void run() {
        for (int t : threadCounts()) {
            try (Scope scope = Parallel.withThreads(t)) {
                double stepMs = 0, stepFlops = 0;
                for (Layer l : resnet18Small(image)) {
                    int pad = l.k() / 2;
                    ConvGeometry g = ConvGeometry.of(batch, l.c(), l.in(), l.in(), l.o(), l.k(), l.k()).stride(l.stride()).pad(pad);
                    float[] x = GemmCommand.random(batch * l.c() * l.in() * l.in(), 1), w = GemmCommand.random(l.o() * l.c() * l.k() * l.k(), 2);
                    float[] y = new float[batch * l.o() * g.oh() * g.ow()], dx = new float[x.length], dw = new float[w.length];
                    double flops = 2.0 * g.macs();
                    int[] shape = {batch, l.c(), l.in(), l.o(), l.k(), l.stride()};
                    double f = emit(new Row("conv.fwd", l.name(), shape, t, Timing.medianMs(() -> Conv2d.forward(g, x, w, y), warmup, 3, seconds), flops, 0)).ms();
                    double bi = emit(new Row("conv.dx", l.name(), shape, t, Timing.medianMs(() -> Conv2d.backwardInput(g, y, w, dx), warmup, 3, seconds), flops, 0)).ms();
                    double bw = emit(new Row("conv.dw", l.name(), shape, t, Timing.medianMs(() -> Conv2d.backwardWeight(g, x, y, dw), warmup, 3, seconds), flops, 0)).ms();
                    stepMs += l.count() * (f + (l.name().equals("stem") ? 0 : bi) + bw);
                    stepFlops += l.count() * flops * (l.name().equals("stem") ? 2 : 3);
                }
                emit(new Row("conv.step", "resnet18-small", new int[] {batch, 3, image, image}, t, stepMs, stepFlops, 0));
            }
        }
    }
}
