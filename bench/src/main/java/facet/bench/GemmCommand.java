package facet.bench;

import facet.kernels.Scope;
import facet.kernels.cpu.Gemm;
import facet.kernels.cpu.Parallel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * sgemm C = A B on square n x n matrices: Facet's micro-kernel variants, and NumPy's OpenBLAS
 * sgemm run in the same invocation when python3 with NumPy is present. Flops: 2 n^3.
 */
@Command(name = "gemm", description = "sgemm GFLOP/s by size, thread count and variant, beside NumPy/OpenBLAS.")
final class GemmCommand extends BenchOptions implements Runnable {
    @Option(names = "--size", split = ",", description = "matrix sizes (default: 1024,2048)")
    int[] sizes = {1024, 2048};

    @Option(names = "--variant", split = ",", description = "vector, scalar, naive (default: vector)")
    String[] variants = {"vector"};

    @Option(names = "--mnk", split = ";", description = "explicit problems M,N,K[,tA,tB] (tA/tB 1 = that operand transposed), separated by ';'")
    String[] problems;

    @Option(names = "--no-numpy", description = "skip the NumPy comparison")
    boolean noNumpy;

    @Override public void run() {
        if (problems != null) {
            shapes();
            return;
        }
        List<Row> rows = new ArrayList<>();
        for (int n : sizes) {
            float[] a = random(n * n, 1), b = random(n * n, 2), c = new float[n * n];
            double flops = 2.0 * n * n * n;
            for (int t : threadCounts()) {
                try (Scope scope = Parallel.withThreads(t)) {
                    for (String v : variants) {
                        Runnable body = switch (v) {
                            case "vector" -> () -> Gemm.gemm(Gemm.Variant.VECTOR, n, n, n, Gemm.rowMajor(a, 0, n), Gemm.rowMajor(b, 0, n), Gemm.Out.into(c, 0, n));
                            case "scalar" -> () -> Gemm.gemm(Gemm.Variant.SCALAR, n, n, n, Gemm.rowMajor(a, 0, n), Gemm.rowMajor(b, 0, n), Gemm.Out.into(c, 0, n));
                            case "naive" -> () -> naive(n, a, b, c);
                            default -> throw new IllegalArgumentException("gemm: unknown variant '" + v + "' (vector, scalar, naive)");
                        };
                        rows.add(emit(new Row("gemm", v, new int[] {n, n, n}, t, Timing.medianMs(body, warmup, 3, seconds), flops, 0)));
                    }
                    if (!noNumpy) NumpyPeer.sgemm(n, t).ifPresent(ms -> rows.add(emit(new Row("gemm", "numpy-openblas", new int[] {n, n, n}, t, ms, flops, 0))));
                }
            }
        }
        if (!noNumpy && NumpyPeer.missingReason() != null) System.out.println("(NumPy comparison skipped: " + NumpyPeer.missingReason() + ")");
        ratios(rows);
    }

    /** Rectangular problems with transposed operands, e.g. a ViT's Linear forward and backward. */
    private void shapes() {
        for (String spec : problems) {
            int[] v = java.util.Arrays.stream(spec.split(",")).mapToInt(Integer::parseInt).toArray();
            int m = v[0], n = v[1], k = v[2];
            boolean ta = v.length > 3 && v[3] == 1, tb = v.length > 4 && v[4] == 1;
            float[] a = random(m * k, 1), b = random(k * n, 2), c = new float[m * n];
            // a transposed A is stored (k x m): element (i, p) at p * m + i
            int aRs = ta ? 1 : k, aCs = ta ? m : 1, bRs = tb ? 1 : n, bCs = tb ? k : 1;
            for (int t : threadCounts()) {
                try (Scope scope = Parallel.withThreads(t)) {
                    Runnable body = () -> Gemm.gemm(m, n, k, Gemm.strided(a, 0, aRs, aCs), Gemm.strided(b, 0, bRs, bCs), Gemm.Out.into(c, 0, n));
                    emit(new Row("gemm", (ta ? "T" : "N") + (tb ? "T" : "N"), new int[] {m, n, k}, t,
                            Timing.medianMs(body, warmup, 5, seconds), 2.0 * m * n * k, 0));
                }
            }
        }
    }

    /** For each size and thread count: Facet's vector kernel as a percentage of OpenBLAS. */
    private void ratios(List<Row> rows) {
        if (json) return;
        for (Row r : rows) {
            if (!r.variant().equals("vector")) continue;
            rows.stream().filter(o -> o.variant().equals("numpy-openblas") && o.threads() == r.threads()
                            && java.util.Arrays.equals(o.shape(), r.shape()))
                    .findFirst().ifPresent(o -> System.out.printf("n=%d threads=%d: Facet %.0f GFLOP/s = %.0f%% of OpenBLAS %.0f%n",
                            r.shape()[0], r.threads(), r.gflops(), 100 * r.gflops() / o.gflops(), o.gflops()));
        }
    }

    /** The textbook triple loop, i-k-j order: the baseline every blocked kernel must beat. */
    static void naive(int n, float[] a, float[] b, float[] c) {
        java.util.Arrays.fill(c, 0f);
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < n; p++) {
                float x = a[i * n + p];
                for (int j = 0; j < n; j++) c[i * n + j] += x * b[p * n + j];
            }
        }
    }

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = r.nextFloat() - 0.5f;
        return v;
    }
}
