package facet.train.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.OperatingSystemMXBean;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TsneTest {
    /** Two Gaussian clouds in 10-D, unit spread, centres 12 apart: (2 * half, 10), labels by half. */
    static Tensor twoClusters(int half, long seed) {
        Tensor x = Tensor.randn(new Generator(seed), DType.F32, 2 * half, 10);
        float[] shift = new float[2 * half * 10];
        for (int i = half; i < 2 * half; i++) for (int d = 0; d < 10; d++) shift[i * 10 + d] = 12f / (float) Math.sqrt(10);
        return x.add(Tensor.of(shift, 2 * half, 10));
    }

    static int[] halves(int half) {
        int[] label = new int[2 * half];
        for (int i = half; i < 2 * half; i++) label[i] = 1;
        return label;
    }

    @Test
    void separatesTwoWellSeparatedClustersAndKlFalls() {
        int half = 100;
        Tsne.Result r = Tsne.fit(twoClusters(half, 7), Tsne.Options.defaults(3));
        double agree = TsneFigure.neighbourAgreement(r.embedding(), halves(half));
        assertTrue(agree >= 0.99, "nearest-neighbour label agreement " + agree);
        // the two clouds' centres in 2-D are further apart than either cloud is wide
        double[] c0 = centre(r, 0, half), c1 = centre(r, half, 2 * half);
        double gap = Math.hypot(c0[0] - c1[0], c0[1] - c1[1]);
        assertTrue(gap > 2 * Math.max(radius(r, 0, half, c0), radius(r, half, 2 * half, c1)),
            "centre gap " + gap + " vs radii " + radius(r, 0, half, c0) + ", " + radius(r, half, 2 * half, c1));
        double[] kl = r.kl();
        System.out.println("tsne KL every 50 steps: " + Arrays.toString(kl));
        assertTrue(kl[kl.length - 1] < 0.5 * kl[0], "KL " + kl[0] + " -> " + kl[kl.length - 1]);
        for (int i = 6; i < kl.length; i++) { // after early exaggeration (250 steps): never rises by more than 1%
            assertTrue(kl[i] <= kl[i - 1] * 1.01, "KL rose from " + kl[i - 1] + " to " + kl[i] + " at step " + r.klSteps()[i]);
        }
    }

    @Test
    void affinitiesAreSymmetricAndSumToOne() {
        Tensor p = Tsne.affinities(twoClusters(20, 1), 10);
        float[] v = p.toFloatArray();
        int n = 40;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(0, v[i * n + i], "diagonal " + i);
            for (int j = 0; j < n; j++) {
                sum += v[i * n + j];
                assertEquals(v[i * n + j], v[j * n + i], 1e-9, "P[" + i + "," + j + "]");
            }
        }
        assertEquals(1, sum, 1e-4);
    }

    @Test
    void perplexityCalibrationHitsTheTargetEntropyOnEveryRow() {
        int n = 60;
        for (double perplexity : new double[] {5, 15}) {
            float[] c = Tsne.conditional(twoClusters(n / 2, 4), perplexity).toFloatArray();
            for (int i = 0; i < n; i++) {
                double h = 0, sum = 0;
                for (int j = 0; j < n; j++) {
                    double p = c[i * n + j];
                    sum += p;
                    if (p > 0) h -= p * Math.log(p);
                }
                assertEquals(0, c[i * n + i], "p_{i|i}, row " + i);
                assertEquals(1, sum, 1e-5, "row " + i + " sums to 1");
                assertEquals(Math.log(perplexity), h, 2e-3, "entropy of row " + i + " at perplexity " + perplexity);
            }
        }
    }

    @Test
    void equidistantNeighboursGiveUniformRowsNotNaN() {
        // 7 corners of a simplex: every p_{j|i} is 1/6 whatever beta, so perplexity 2 is out of
        // reach; the search must stop at a bound instead of overflowing into NaN.
        int k = 7;
        float[] simplex = new float[k * k];
        for (int i = 0; i < k; i++) simplex[i * k + i] = 1;
        float[] p = Tsne.affinities(Tensor.of(simplex, k, k), 2).toFloatArray();
        for (int i = 0; i < k; i++) for (int j = 0; j < k; j++) {
            if (i != j) assertEquals(1.0 / (k * (k - 1)), p[i * k + j], 1e-6, "P[" + i + "," + j + "]");
        }
    }

    @Test
    void sameSeedSameBitsOtherSeedOtherLayout() {
        Tensor x = twoClusters(30, 2);
        Tsne.Options o = Tsne.Options.defaults(11).withIterations(120).withPerplexity(10);
        float[] a = Tsne.fit(x, o).embedding(), b = Tsne.fit(x, o).embedding();
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, Tsne.fit(x, new Tsne.Options(10, 120, 12, 250, 12)).embedding()));
    }

    @Test
    void eightHundredPointsCostMillisecondsPerStep() {
        // 100 of the 750 steps, timed in process CPU time (steadier than wall time on a shared
        // machine): ~5 ms a step on 2 idle cores, so 750 steps take a few seconds. The bound is
        // loose; an accidental O(N^3) step (a pairwise op per point) would cost seconds.
        Tensor x = Tensor.randn(new Generator(5), DType.F32, 800, 64);
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        Tsne.fit(x, Tsne.Options.defaults(0).withIterations(20)); // warm-up
        long cpu0 = os.getProcessCpuTime(), wall0 = System.nanoTime();
        Tsne.Result r = Tsne.fit(x, Tsne.Options.defaults(0).withIterations(100));
        double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6 / 100, wallMs = (System.nanoTime() - wall0) / 1e6 / 100;
        System.out.printf("tsne N=800 D=64: %.1f ms CPU, %.1f ms wall per step (calibration included)%n", cpuMs, wallMs);
        assertEquals(2 * 800, r.embedding().length);
        assertTrue(cpuMs < 80, "t-SNE step at N = 800: " + cpuMs + " ms of CPU");
    }

    private static double[] centre(Tsne.Result r, int from, int to) {
        double sx = 0, sy = 0;
        for (int i = from; i < to; i++) { sx += r.x(i); sy += r.y(i); }
        return new double[] {sx / (to - from), sy / (to - from)};
    }

    private static double radius(Tsne.Result r, int from, int to, double[] c) {
        double m = 0;
        for (int i = from; i < to; i++) m = Math.max(m, Math.hypot(r.x(i) - c[0], r.y(i) - c[1]));
        return m;
    }
}
