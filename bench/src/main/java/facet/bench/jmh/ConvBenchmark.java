package facet.bench.jmh;

import facet.tensor.ConvParams;
import facet.tensor.Convolution;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One ResNet-18 small-stem layer1 convolution through the tensor API: x (8, 64, 64, 64) with
 * w (64, 64, 3, 3), stride 1, padding 1 -> (8, 64, 64, 64); forward, gradient of the input and
 * gradient of the weight. Each pass is the same number of multiply-adds, so flops per call =
 * 2 N O OH OW C KH KW = 2 * 8 * 64 * 64 * 64 * 64 * 3 * 3 = 2.42 GFLOP, and
 * GFLOP/s = {@link #FLOPS} / (score in ms * 1e6). Batch 8 rather than W1's 32 keeps a call
 * short enough for 1 s iterations on one thread.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class ConvBenchmark {
    static final int N = 8, C = 64, O = 64, H = 64, W = 64, K = 3;
    /** Stride 1 with padding K/2 keeps OH = H, OW = W. */
    static final double FLOPS = 2.0 * N * O * H * W * C * K * K;

    private final ConvParams params = ConvParams.of(1, K / 2);
    private final int[] xShape = {N, C, H, W}, wShape = {O, C, K, K};
    private Tensor x, w, dOut;

    @Setup(Level.Trial)
    public void fill() {
        Generator g = new Generator(0);
        x = Tensor.randn(g, DType.F32, xShape);
        w = Tensor.randn(g, DType.F32, wShape);
        dOut = Tensor.randn(g, DType.F32, N, O, H, W);
    }

    @Benchmark
    public Tensor forward(ThreadCount t) {
        return Convolution.conv2d(x, w, params);
    }

    @Benchmark
    public Tensor backwardInput(ThreadCount t) {
        return Convolution.conv2dBackwardInput(dOut, w, xShape, params);
    }

    @Benchmark
    public Tensor backwardWeight(ThreadCount t) {
        return Convolution.conv2dBackwardWeight(x, dOut, wShape, params);
    }
}
