package facet.kernels.cpu;

import facet.kernels.ReduceOp;
import facet.kernels.Scope;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sums over rows into a contiguous output (a bias gradient) add their rows in chunks whose float
 * partials go into double in order: on two threads the chunks are computed in parallel, and the bits
 * must be those of one thread, whatever the chunks' cut against the inner plan's rows.
 */
class ReduceColumnsTest {
    @Test
    void aSumOverRowsHasTheSameBitsOnOneThreadAndTwo() {
        SplittableRandom r = new SplittableRandom(11);
        // (a, b, n, gap): x is (a, b, n) with each (b, n) block gap blocks apart, so with gap 2 the reduced plan has
        // a rows of b and chunks of CHUNK rows are cut mid-row; partial last chunks; a tail of columns
        int[][] cases = {{1, 2080, 768, 1}, {1, 2080, 192, 1}, {7, 37, 300, 2}, {3, 100, 257, 2}, {40, 13, 129, 2}};
        for (int[] c : cases) {
            int a = c[0], b = c[1], n = c[2], gap = c[3];
            float[] x = new float[a * b * n * gap];
            for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * (1 + i % 5));
            int[] shape = {a, b, n}, strides = {gap * b * n, n, 1};
            boolean[] reduced = {true, true, false};
            float[] one = new float[n], two = new float[n];
            try (Scope s = Parallel.withThreads(1)) {
                Reduce.reduce(ReduceOp.SUM, x, 0, strides, shape, reduced, one);
            }
            try (Scope s = Parallel.withThreads(2)) {
                Reduce.reduce(ReduceOp.SUM, x, 0, strides, shape, reduced, two);
            }
            for (int j = 0; j < n; j++) {
                double want = 0;
                for (int i = 0; i < a; i++) for (int k = 0; k < b; k++) want += x[i * gap * b * n + k * n + j];
                assertEquals(want, one[j], 1e-5 * Math.sqrt(a * b) * 4, "column " + j + " of " + a + "x" + b + "x" + n);
                assertEquals(Float.floatToIntBits(one[j]), Float.floatToIntBits(two[j]), "column " + j + " of " + a + "x" + b + "x" + n + " on two threads");
            }
        }
    }

    @Test
    void maxMinAndAnEmptyReductionOverRowsMatchAnElementWalk() {
        SplittableRandom r = new SplittableRandom(12);
        int rows = 300, n = 70;
        float[] x = new float[rows * n];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        try (Scope s = Parallel.withThreads(2)) {
            for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.MIN}) {
                float[] got = new float[n];
                Reduce.reduce(op, x, 0, new int[] {n, 1}, new int[] {rows, n}, new boolean[] {true, false}, got);
                for (int j = 0; j < n; j++) {
                    float want = x[j];
                    for (int i = 1; i < rows; i++) want = op == ReduceOp.MAX ? Math.max(want, x[i * n + j]) : Math.min(want, x[i * n + j]);
                    assertEquals(want, got[j], op + " of column " + j);
                }
            }
            float[] sum = new float[n], max = new float[n];
            Reduce.reduce(ReduceOp.SUM, x, 0, new int[] {n, 1}, new int[] {0, n}, new boolean[] {true, false}, sum);
            Reduce.reduce(ReduceOp.MAX, x, 0, new int[] {n, 1}, new int[] {0, n}, new boolean[] {true, false}, max);
            for (int j = 0; j < n; j++) {
                assertEquals(0f, sum[j], "an empty sum");
                assertEquals(Float.NEGATIVE_INFINITY, max[j], "an empty max");
            }
        }
    }
}
