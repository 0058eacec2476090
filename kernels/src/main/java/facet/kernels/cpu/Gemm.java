package facet.kernels.cpu;

/**
 * Single-precision GEMM, C = A B (or C += A B), over strided A and B: a transpose is only a
 * swap of row and column strides. This is the plain version: B is packed once into a
 * contiguous K x N panel and each row of C is accumulated in a local array, so the inner loop
 * is a unit-stride axpy the JIT can vectorise. 2 m n k flops.
 */
public final class Gemm {
    private Gemm() {}

    /**
     * @param aRs row stride of A (m x k); aCs its column stride; likewise for B (k x n).
     *            C (m x n) has row stride ldc and unit column stride.
     */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOff, int aRs, int aCs,
                            float[] b, int bOff, int bRs, int bCs,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        float[] bp = new float[k * n];
        for (int p = 0; p < k; p++) {
            for (int j = 0, bi = bOff + p * bRs; j < n; j++, bi += bCs) bp[p * n + j] = b[bi];
        }
        float[] row = new float[n];
        for (int i = 0; i < m; i++) {
            java.util.Arrays.fill(row, 0f);
            int ai = aOff + i * aRs;
            for (int p = 0; p < k; p++, ai += aCs) axpy(a[ai], bp, p * n, row, n);
            int ci = cOff + i * ldc;
            if (accumulate) for (int j = 0; j < n; j++) c[ci + j] += row[j];
            else System.arraycopy(row, 0, c, ci, n);
        }
    }

    /** row[0..n) += alpha * src[from..from+n): kept small and separate so it compiles on its own. */
    private static void axpy(float alpha, float[] src, int from, float[] row, int n) {
        for (int j = 0; j < n; j++) row[j] += alpha * src[from + j];
    }
}
