package facet.bench.jmh;

import facet.kernels.cpu.Gemm;
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

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * sgemm C = A B on square n x n row-major matrices. Flops per call: 2 n^3, so
 * GFLOP/s = 2 n^3 / (score in ms * 1e6). Variants:
 * <ul>
 *   <li>{@code naive}: the textbook i-k-j triple loop on one thread, at n = 256 only (at 1024
 *       a single call takes about a second and says nothing the 256 row does not);</li>
 *   <li>{@code blocked}: Facet's packed, cache-blocked GEMM with the scalar micro-kernel;</li>
 *   <li>{@code vector}: the same blocking with the Vector API micro-kernel.</li>
 * </ul>
 * blocked and vector run on 1 thread and on all cores ({@link ThreadCount}).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBenchmark {

    /** A, B and C (n x n), filled once per trial. */
    abstract static class Operands {
        float[] a, b, c;

        void fill(int n) {
            a = random(n * n, 1);
            b = random(n * n, 2);
            c = new float[n * n];
        }
    }

    /** Sizes for the blocked kernels. */
    @State(Scope.Benchmark)
    public static class Square extends Operands {
        @Param({"256", "1024"})
        public int n;

        @Setup(Level.Trial)
        public void setup() { fill(n); }
    }

    /** Sizes for the naive loop. */
    @State(Scope.Benchmark)
    public static class SmallSquare extends Operands {
        @Param({"256"})
        public int n;

        @Setup(Level.Trial)
        public void setup() { fill(n); }
    }

    @Benchmark
    public float[] naive(SmallSquare s) {
        naive(s.n, s.a, s.b, s.c);
        return s.c;
    }

    @Benchmark
    public float[] blocked(Square s, ThreadCount t) {
        return gemm(Gemm.Variant.SCALAR, s);
    }

    @Benchmark
    public float[] vector(Square s, ThreadCount t) {
        return gemm(Gemm.Variant.VECTOR, s);
    }

    private static float[] gemm(Gemm.Variant variant, Square s) {
        int n = s.n;
        Gemm.gemm(variant, n, n, n, Gemm.rowMajor(s.a, 0, n), Gemm.rowMajor(s.b, 0, n), Gemm.Out.into(s.c, 0, n));
        return s.c;
    }

    /** Flops of one call at size n: n^2 dot products of length n, a multiply and an add each. */
    static double flops(int n) {
        return 2.0 * n * n * n;
    }

    /** The i-k-j triple loop: row i of C accumulates a[i][p] times row p of B, all unit-stride. */
    static void naive(int n, float[] a, float[] b, float[] c) {
        Arrays.fill(c, 0f);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < n; p++) {
                float x = a[i * n + p];
                for (int j = 0; j < n; j++) c[i * n + j] += x * b[p * n + j];
            }
        }
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat() - 0.5f;
        return v;
    }
}
