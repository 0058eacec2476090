package facet.bench.jmh;

import facet.tensor.AttentionResult;
import facet.tensor.Backend;
import facet.tensor.Backends;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * Scaled dot-product attention at shape A1, the W2 ViT's: q, k, v (B=32, H=3, T=65, D=64).
 * {@code fused} is the CPU backend's attention kernel; {@code composed} is the same backend with
 * every fusable op replaced by its composition of primitives (matmul, softmax pieces, matmul),
 * as in {@code ./facet bench attention}. Flops per call: forward 4 B H T^2 D (two products),
 * forward + backward 12 B H T^2 D (six products; the fused backward also recomputes the scores,
 * not counted). GFLOP/s = flops / (score in ms * 1e6).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 6, time = 1)  // the composed path was still speeding up after 3 s
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Benchmark)
public class AttentionBenchmark {
    static final int B = 32, H = 3, T = 65, D = 64;
    static final double FORWARD_FLOPS = 4.0 * B * H * T * T * D;
    static final double FORWARD_BACKWARD_FLOPS = 12.0 * B * H * T * T * D;

    @Param({"fused", "composed"})
    public String variant;

    private final double scale = 1 / Math.sqrt(D);
    private Backend backend;
    private Tensor q, k, v, dOut;

    @Setup(Level.Trial)
    public void fill() {
        Backend cpu = Backends.of(Device.CPU, DType.F32);
        backend = switch (variant) {
            case "fused" -> cpu;
            case "composed" -> Backends.composed(cpu);
            default -> throw new IllegalArgumentException("AttentionBenchmark: unknown variant '" + variant + "' (fused, composed)");
        };
        Generator g = new Generator(0);
        q = Tensor.randn(g, DType.F32, B, H, T, D);
        k = Tensor.randn(g, DType.F32, B, H, T, D);
        v = Tensor.randn(g, DType.F32, B, H, T, D);
        dOut = Tensor.randn(g, DType.F32, B, H, T, D);
    }

    /** Returns out (B, H, T, D) and lse (B, H, T). */
    @Benchmark
    public AttentionResult forward(ThreadCount t) {
        return backend.attention(q, k, v, null, scale);
    }

    @Benchmark
    public void forwardBackward(ThreadCount t, Blackhole bh) {
        AttentionResult r = backend.attention(q, k, v, null, scale);
        bh.consume(backend.attentionBackward(q, k, v, null, scale, r.out(), r.lse(), dOut));
    }
}
