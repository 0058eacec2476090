package facet.kernels;

import facet.kernels.cpu.Gemm;
import facet.kernels.cpu.Parallel;
import facet.kernels.Scope;
import facet.kernels.plan.KernelPlan;
import facet.kernels.plan.KernelPlans;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blocked GEMM against a float64 triple loop, on sizes that cross every blocking edge: the
 * micro-tile (8 rows, 2 vectors of columns), the KC = 256, MC = 256 and NC = 2048 blocks, the deepest one-slab product (kc_one), the in-place-A
 * width, the thread split (one part a thread, or several sharing one packed operand), the packing-free small path and the dot-product edges (GemmEdges). Each case runs both micro-kernels,
 * all four transpose combinations, with C = A B, C += A B and C = A B + bias, on 1 and 2
 * threads, with operands at an offset inside a larger array and C with a padded row stride.
 */
class GemmTest {
    record Shape(int m, int n, int k) {}

    /** The running plan's blocking: the slab tests take their depths from it. */
    private static final KernelPlan.Blocking BLOCKING = KernelPlans.current().gemm();

    static final List<Shape> SHAPES = List.of(
            new Shape(1, 1, 1), new Shape(7, 5, 3),                       // the small path
            new Shape(8, 32, 64), new Shape(9, 33, 65),                   // one tile, and one past it
            new Shape(33, 17, 300), new Shape(17, 100, 257),              // k crosses KC (one slab up to kc_one)
            new Shape(19, 50, 1030),                                      // k crosses the default plan's kc_one = 1024
            new Shape(261, 47, 31), new Shape(64, 1100, 20),              // m crosses MC; n past the in-place-A width
            new Shape(3, 250, 129), new Shape(130, 2, 513),               // short-and-wide and tall-and-narrow splits
            new Shape(9, 2100, 40),                                       // n crosses the NC = 2048 panel
            new Shape(65, 65, 64), new Shape(2, 300, 300),                // dot-product edges: attention's 65 tokens; all rows
            new Shape(200, 70, 40), new Shape(66, 6, 90),                 // edge columns split across threads; all columns
            new Shape(300, 70, 300), new Shape(20, 1500, 300));           // several parts a thread: B, then A packed once and shared

    @TestFactory
    List<DynamicTest> blockedGemmMatchesFloat64() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Shape s : SHAPES) {
            for (Gemm.Variant v : Gemm.Variant.values()) {
                for (int threads : new int[] {1, 2}) {
                    tests.add(DynamicTest.dynamicTest(s + " " + v + " threads " + threads, () -> check(s, v, threads)));
                }
            }
        }
        return tests;
    }

    private static void check(Shape s, Gemm.Variant v, int threads) {
        try (Scope scope = Parallel.withThreads(threads)) {
            int m = s.m(), n = s.n(), k = s.k();
            long seed = 31L * (31L * m + n) + k;
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    // A is m x k at offset 5 (row-major, or stored k x m when transposed); likewise B at offset 3
                    float[] a = random(5 + m * k, seed), b = random(3 + k * n, seed + 1), bias = random(2 + n, seed + 2);
                    int aRs = ta ? 1 : k, aCs = ta ? m : 1, bRs = tb ? 1 : n, bCs = tb ? k : 1;
                    int ldc = n + 3;
                    for (String mode : new String[] {"C = AB", "C += AB", "C = AB + bias"}) {
                        float[] c = random(m * ldc, seed + 3);
                        float[] before = c.clone();
                        boolean acc = mode.equals("C += AB");
                        float[] biasRow = mode.equals("C = AB + bias") ? bias : null;
                        Gemm.gemm(v, m, n, k, Gemm.strided(a, 5, aRs, aCs), Gemm.strided(b, 3, bRs, bCs), Gemm.Out.into(c, 0, ldc).accumulating(acc).plusBias(biasRow, 2));
                        String what = String.format("%s %dx%dx%d %s%s%s, %d threads", mode, m, n, k, v, ta ? " A^T" : "", tb ? " B^T" : "", threads);
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double ref = acc ? before[i * ldc + j] : biasRow != null ? bias[2 + j] : 0, mag = Math.abs(ref);
                                for (int p = 0; p < k; p++) {
                                    double x = a[5 + i * aRs + p * aCs], y = b[3 + p * bRs + j * bCs];
                                    ref += x * y;
                                    mag += Math.abs(x * y);
                                }
                                // float32 accumulation of k products: error grows with k and the sum of magnitudes
                                double tol = 4e-7 * (1 + mag) * Math.sqrt(k + 1);
                                float got = c[i * ldc + j];
                                double want = ref;
                                int row = i, col = j;
                                assertTrue(Math.abs(got - want) <= tol, () -> what + ": C[" + row + "][" + col + "] = " + got + ", float64 " + want);
                            }
                            for (int j = n; j < ldc; j++) {
                                int at = i * ldc + j;
                                assertTrue(c[at] == before[at], () -> what + ": wrote into the row padding at column " + at % ldc);
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Which thread computes a tile, and how C is cut into parts, must not change a bit: training
     * runs are compared bit for bit across thread counts of one plan. Shapes that take each path
     * (one thread; one part a thread; several parts sharing packed B, or packed A, or A in place).
     */
    @TestFactory
    List<DynamicTest> theBitsDoNotDependOnTheThreadCount() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Shape s : List.of(new Shape(300, 70, 300), new Shape(20, 1500, 300), new Shape(520, 96, 200), new Shape(61, 700, 520), new Shape(130, 2, 513))) {
            tests.add(DynamicTest.dynamicTest(s.toString(), () -> {
                for (boolean ta : new boolean[] {false, true}) {
                    int m = s.m(), n = s.n(), k = s.k();
                    float[] a = random(m * k, 7), b = random(k * n, 8), bias = random(n, 9);
                    float[][] c = new float[4][];
                    for (int threads = 1; threads <= 3; threads++) {
                        try (Scope scope = Parallel.withThreads(threads)) {
                            c[threads] = random(m * n, 10);
                            Gemm.gemm(m, n, k, Gemm.strided(a, 0, ta ? 1 : k, ta ? m : 1), Gemm.rowMajor(b, 0, n),
                                    Gemm.Out.into(c[threads], 0, n).plusBias(bias, 0));
                        }
                    }
                    for (int threads = 2; threads <= 3; threads++) {
                        for (int i = 0; i < m * n; i++) {
                            int at = i, th = threads;
                            assertTrue(Float.floatToRawIntBits(c[1][i]) == Float.floatToRawIntBits(c[threads][i]),
                                    () -> s + (ta ? " A^T" : "") + ": C[" + at / n + "][" + at % n + "] on " + th + " threads " + c[th][at] + ", on 1 thread " + c[1][at]);
                        }
                    }
                }
            }));
        }
        return tests;
    }

    /**
     * Between k-slabs a thread keeps its partial sums in a buffer of whole tiles, not in C, in
     * bands of rows when they would pass 1 MiB over a shared B (16 MiB when each band packs its
     * own): the bits must be those of adding each slab's product to C in turn, which is what one
     * GEMM per slab, accumulating, computes. The shapes leave edge tiles in m and n under both plans
     * (m mod 8 = 3 or 7; n mod 32 > 8 and n mod 16 > 8, so no remainder goes to GemmEdges' dot
     * products, which sum all of k at once), read A in place (n = 217) or packed, split C by columns
     * with A packed once and shared (19 x 1500, A^T), and make bands (2059 rows of a 2048-wide panel
     * on one thread: under the avx512 plan eight of 256 rows and one of 11, over a B packed once); C = AB,
     * C = AB + bias, C += AB. Their depth passes the plan's kc_one, so that they run in slabs of kc.
     */
    @TestFactory
    List<DynamicTest> partialSumsBetweenSlabsKeepTheBitsOfAddingEachSlabToC() {
        int kc = BLOCKING.kc(), deep = Math.max(2 * kc, BLOCKING.kcOne());
        List<DynamicTest> tests = new ArrayList<>();
        for (Shape s : List.of(new Shape(303, 217, deep + 88), new Shape(19, 1500, deep + 5), new Shape(2059, 2075, deep + 7))) {
            for (Gemm.Variant v : s.m() > 1000 ? new Gemm.Variant[] {Gemm.Variant.VECTOR} : Gemm.Variant.values()) {
                for (int threads : new int[] {1, 2}) {
                    tests.add(DynamicTest.dynamicTest(s + " " + v + " threads " + threads, () -> slabBySlab(s, v, threads, kc)));
                }
            }
        }
        return tests;
    }

    /**
     * A product at most kc_one deep runs as one slab: each element of C is one chain of fused
     * multiply-adds over all of k, from zero, then its addend (the bias, or C itself). Shapes of
     * whole tiles (no edge paths), k past kc (where kc_one is) and at kc_one, A read in place (row-major) and packed
     * (A^T), on 1 and 2 threads.
     */
    @TestFactory
    List<DynamicTest> aProductUpToKcOneDeepSumsAllOfKInOneChain() {
        List<DynamicTest> tests = new ArrayList<>();
        int kcOne = BLOCKING.kcOne();
        for (Shape s : List.of(new Shape(16, 64, Math.min(BLOCKING.kc() + 37, kcOne)), new Shape(24, 96, kcOne), new Shape(264, 32, kcOne))) {
            tests.add(DynamicTest.dynamicTest(s.toString(), () -> {
                int m = s.m(), n = s.n(), k = s.k();
                float[] a = random(m * k, 21), b = random(k * n, 22), bias = random(n, 23);
                for (int threads = 1; threads <= 2; threads++) {
                    try (Scope scope = Parallel.withThreads(threads)) {
                        for (boolean ta : new boolean[] {false, true}) {
                            for (boolean acc : new boolean[] {false, true}) {
                                float[] c = random(m * n, 24), before = c.clone();
                                Gemm.gemm(Gemm.Variant.VECTOR, m, n, k, Gemm.strided(a, 0, ta ? 1 : k, ta ? m : 1), Gemm.rowMajor(b, 0, n),
                                        Gemm.Out.into(c, 0, n).accumulating(acc).plusBias(acc ? null : bias, 0));
                                for (int i = 0; i < m; i++) {
                                    for (int j = 0; j < n; j++) {
                                        float chain = 0f;
                                        for (int p = 0; p < k; p++) chain = Math.fma(a[ta ? p * m + i : i * k + p], b[p * n + j], chain);
                                        float want = (acc ? before[i * n + j] : bias[j]) + chain, got = c[i * n + j];
                                        int row = i, col = j, th = threads;
                                        boolean t = ta, ac = acc;
                                        assertTrue(Float.floatToRawIntBits(want) == Float.floatToRawIntBits(got), () -> s + (t ? " A^T" : "")
                                                + (ac ? " C += AB" : " C = AB + bias") + ", " + th + " threads: C[" + row + "][" + col + "] = " + got + ", one chain " + want);
                                    }
                                }
                            }
                        }
                    }
                }
            }));
        }
        return tests;
    }

    private static void slabBySlab(Shape s, Gemm.Variant v, int threads, int kc) {
        int m = s.m(), n = s.n(), k = s.k();
        float[] a = random(m * k, 11), b = random(k * n, 12), bias = random(n, 13);
        try (Scope scope = Parallel.withThreads(threads)) {
            for (boolean ta : new boolean[] {false, true}) {
                for (String mode : new String[] {"C = AB", "C = AB + bias", "C += AB"}) {
                    boolean acc = mode.equals("C += AB");
                    float[] biasRow = mode.equals("C = AB + bias") ? bias : null;
                    float[] once = random(m * n, 14), slabs = once.clone();
                    Gemm.gemm(v, m, n, k, Gemm.strided(a, 0, ta ? 1 : k, ta ? m : 1), Gemm.rowMajor(b, 0, n),
                            Gemm.Out.into(once, 0, n).accumulating(acc).plusBias(biasRow, 0));
                    for (int p0 = 0; p0 < k; p0 += kc) {
                        Gemm.Out step = Gemm.Out.into(slabs, 0, n).accumulating(acc || p0 > 0).plusBias(p0 > 0 ? null : biasRow, 0);
                        Gemm.gemm(v, m, n, Math.min(kc, k - p0), Gemm.strided(a, ta ? p0 * m : p0, ta ? 1 : k, ta ? m : 1), Gemm.rowMajor(b, p0 * n, n), step);
                    }
                    String what = s + " " + v + (ta ? " A^T " : " ") + mode + ", " + threads + " threads";
                    for (int i = 0; i < m * n; i++) {
                        int at = i;
                        assertTrue(Float.floatToRawIntBits(once[i]) == Float.floatToRawIntBits(slabs[i]),
                                () -> what + ": C[" + at / n + "][" + at % n + "] = " + once[at] + " in one call, " + slabs[at] + " slab by slab");
                    }
                }
            }
        }
    }

    private static float[] random(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }
}
