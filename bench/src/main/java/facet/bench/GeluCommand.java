package facet.bench;

import facet.kernels.BinaryOp;
import facet.kernels.Scope;
import facet.kernels.UnaryOp;
import facet.kernels.cpu.Parallel;
import facet.tensor.Backend;
import facet.tensor.Backends;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import picocli.CommandLine.Command;

/**
 * gelu and its backward (g times gelu'(x)) on the CPU at W2's MLP shape (32, 65, 768), the
 * largest elementwise ops of a ViT step. Compute-bound: erf costs a division, a degree-9
 * polynomial and an exp per element, the derivative one more exp. Flops counted: one per element.
 */
@Command(name = "gelu", description = "gelu forward and backward ms at W2's MLP shape (32, 65, 768).")
final class GeluCommand extends BenchOptions implements Runnable {
    @Override public void run() {
        int[] shape = {32, 65, 768};
        Generator g = new Generator(0);
        Tensor x = Tensor.randn(g, DType.F32, shape), dy = Tensor.randn(g, DType.F32, shape);
        Backend be = Backends.of(Device.CPU, DType.F32);
        double n = x.numel();
        for (int threads : threadCounts()) {
            try (Scope scope = Parallel.withThreads(threads)) {
                emit(new Row("gelu", "forward", shape, threads, Timing.medianMs(() -> be.unary(UnaryOp.GELU, x), warmup, 5, seconds), n, 0));
                emit(new Row("gelu", "backward", shape, threads,
                        Timing.medianMs(() -> be.binary(BinaryOp.GELU_BACKWARD, dy, x), warmup, 5, seconds), n, 0));
            }
        }
    }
}
