package facet.bench;

import facet.kernels.Scope;
import facet.kernels.cpu.Parallel;
import facet.tensor.AttentionResult;
import facet.tensor.Backend;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Scaled dot-product attention, forward and backward together: the fused CPU kernel beside the
 * composition of primitives it replaces. Default shape A1 = the W2 ViT's (B=32, H=3, T=65, D=64).
 * Flops: forward 4 B H T^2 D (two products), backward 8 B H T^2 D (four products; the fused
 * kernel also recomputes the scores, not counted).
 */
@Command(name = "attention", description = "Attention forward+backward ms: fused kernel vs composed ops.")
final class AttentionCommand extends BenchOptions implements Runnable {
    @Option(names = "--shape", split = ",", description = "B,H,T,D (default: 32,3,65,64)")
    int[] shape = {32, 3, 65, 64};

    @Option(names = "--variant", split = ",", description = "fused, composed (default: both)")
    String[] variants = {"fused", "composed"};

    @Override public void run() {
        int b = shape[0], h = shape[1], t = shape[2], d = shape[3];
        Generator g = new Generator(0);
        Tensor q = Tensor.randn(g, DType.F32, b, h, t, d), k = Tensor.randn(g, DType.F32, b, h, t, d);
        Tensor v = Tensor.randn(g, DType.F32, b, h, t, d), dOut = Tensor.randn(g, DType.F32, b, h, t, d);
        double scale = 1 / Math.sqrt(d), flops = 12.0 * b * h * t * t * d;
        for (int threads : threadCounts()) {
            try (Scope scope = Parallel.withThreads(threads)) {
                for (String variant : variants) {
                    Backend be = cpuVariant("attention", variant);
                    Runnable step = () -> {
                        AttentionResult r = be.attention(q, k, v, null, scale);
                        be.attentionBackward(q, k, v, null, scale, r.out(), r.lse(), dOut);
                    };
                    emit(new Row("attention", variant, shape, threads, Timing.medianMs(step, warmup, 5, seconds), flops, 0));
                }
            }
        }
    }
}
