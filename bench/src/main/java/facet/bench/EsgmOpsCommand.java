package facet.bench;

import facet.kernels.Scope;
import facet.kernels.cpu.Parallel;
import facet.tensor.Backend;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * ESGM's two memory-bound ops, fused CPU kernel beside the composition it replaces, at W3's
 * shapes: masked MSE forward + backward on pred and target (B, N, L) = (32, 64, 192), half the
 * patches counted, normalised target; GAP of the mask-weight block's A V (32, 64, 192) over its
 * channels (axis 2) and over its tokens (axis 1). Flops counted: masked MSE 3 per counted element
 * forward (sub, mul, add) + 3 backward, plus 4 per element for the target's statistics; GAP 1 per
 * element. Bytes: masked MSE reads pred and target (8 per counted element) and writes dPred (4 per
 * element); GAP reads 4 per element. At ~10 GB/s a core streams the 3 MB of W3's loss in ~0.3 ms.
 */
@Command(name = "esgm", description = "Masked MSE and GAP ms: fused kernels vs composed ops, at the W3 shapes.")
final class EsgmOpsCommand extends BenchOptions implements Runnable {
    @Option(names = "--variant", split = ",", description = "fused, composed (default: both)")
    String[] variants = {"fused", "composed"};

    @Override public void run() {
        int b = 32, n = 64, l = 192;
        Generator g = new Generator(0);
        Tensor pred = Tensor.randn(g, DType.F32, b, n, l), target = Tensor.randn(g, DType.F32, b, n, l);
        Tensor mask = Tensor.rand(g, DType.F32, b, n).ge(0.5), dOut = Tensor.scalar(1);
        double counted = mask.sum().item() * l, all = (double) b * n * l;
        for (int threads : threadCounts()) {
            try (Scope scope = Parallel.withThreads(threads)) {
                for (String variant : variants) {
                    Backend be = cpuVariant("esgm", variant);
                    Runnable loss = () -> {
                        be.maskedMse(pred, target, mask, true);
                        be.maskedMseBackward(pred, target, mask, true, dOut);
                    };
                    emit(new Row("masked_mse", variant, new int[] {b, n, l}, threads, Timing.medianMs(loss, warmup, 5, seconds), 6 * counted + 8 * all, 0));
                    for (int axis : new int[] {2, 1}) {
                        Runnable gap = () -> be.globalAvgPool(pred, axis);
                        emit(new Row("gap", variant + " axis " + axis, new int[] {b, n, l}, threads, Timing.medianMs(gap, warmup, 5, seconds), all, 0));
                    }
                }
            }
        }
    }
}
