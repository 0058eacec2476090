package facet.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The last few rows or columns of a GEMM, done as dot products instead of micro-tiles.
 *
 * <p>The micro-kernel computes MR x NR = 8 x 32 tiles (AVX-512), so C's remainder rows and
 * columns cost whole tiles: an attention score matrix of 65 x 65 tokens (64 patches and the class
 * token) is 9 x 3 tiles, 64% more than its area. Its 65th column is instead 65 dot products of
 * length k, and its 65th row one row-vector product. Measured on the 96 heads of one ViT
 * attention (A1), 1 thread: Q K^T 0.85 -> 0.67 ms, dOut V^T 0.87 -> 0.62 ms.
 */
final class GemmEdges {
    private GemmEdges() {}

    private static final VectorSpecies<Float> S = GemmKernel.S;
    private static final int L = GemmKernel.L;

    /** At most this many rows past the last full sliver go to dot products (a sliver computes 8). */
    static final int ROWS = 2;
    /** At most this many columns past the last full strip go to dot products (a strip computes NR). */
    static final int COLS = 8;

    /**
     * sum of x[xi + p] * y[yi + p] for p < k, in float like the micro-kernel (which sums each C
     * element over k in float too), two vector accumulators to hide the FMA latency.
     */
    private static float dot(float[] x, int xi, float[] y, int yi, int k) {
        int p = 0;
        float sum = 0f;
        if (!Simd.SCALAR) {
            FloatVector a0 = FloatVector.zero(S), a1 = FloatVector.zero(S);
            for (int bound = k - 2 * L; p <= bound; p += 2 * L) {
                a0 = FloatVector.fromArray(S, x, xi + p).fma(FloatVector.fromArray(S, y, yi + p), a0);
                a1 = FloatVector.fromArray(S, x, xi + p + L).fma(FloatVector.fromArray(S, y, yi + p + L), a1);
            }
            if (p <= k - L) {
                a0 = FloatVector.fromArray(S, x, xi + p).fma(FloatVector.fromArray(S, y, yi + p), a0);
                p += L;
            }
            sum = Simd.sum(a0.add(a1));
        }
        for (; p < k; p++) sum += x[xi + p] * y[yi + p];
        return sum;
    }

    /**
     * C[i][j] for rows [i0, i1) and columns [j0, j1): the addend (C itself when accumulating, else
     * the bias row or 0) plus the dot of A's row i with B's column j, rows in parallel when the
     * work pays for it. Columns of B that are not contiguous are copied once per thread, a row of
     * A that is not contiguous once per row.
     */
    static void dots(int i0, int i1, int j0, int j1, int k, float[] a, int aOff, int aRs, int aCs,
                     float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc, boolean accumulate,
                     float[] bias, int biasOff) {
        int rows = i1 - i0, parts = Math.min(Parallel.threads(), rows);
        Parallel.forRange(parts, 2L * rows * (j1 - j0) * k, t -> {
            int cols = j1 - j0, bStart = bRs == 1 ? 0 : cols * k;
            float[] buf = Scratch.floats(Scratch.Slot.ROW, bStart + (aCs == 1 ? 0 : k));
            if (bRs != 1) {
                for (int j = 0; j < cols; j++) {
                    for (int p = 0, bi = bOff + (j0 + j) * bCs; p < k; p++) buf[j * k + p] = b[bi + p * bRs];
                }
            }
            for (int i = i0 + rows * t / parts, end = i0 + rows * (t + 1) / parts; i < end; i++) {
                float[] ax = a;
                int ai = aOff + i * aRs;
                if (aCs != 1) {
                    for (int p = 0; p < k; p++) buf[bStart + p] = a[ai + p * aCs];
                    ax = buf;
                    ai = bStart;
                }
                for (int j = j0; j < j1; j++) {
                    int at = cOff + i * ldc + j;
                    float base = accumulate ? c[at] : bias != null ? bias[biasOff + j] : 0f;
                    c[at] = base + (bRs == 1 ? dot(ax, ai, b, bOff + j * bCs, k) : dot(ax, ai, buf, (j - j0) * k, k));
                }
            }
        });
    }
}
