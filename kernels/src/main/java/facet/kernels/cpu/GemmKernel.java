package facet.kernels.cpu;

import facet.kernels.plan.KernelPlans;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM micro-kernel: an MR x NR tile of C from a packed MR-row sliver of A and a packed
 * NR-column sliver of B, both k-major, NR = 2 vectors of the plan's width. The kernel plan picks
 * MR: 8 rows ({@link GemmKernel8x2}, 19 registers: AVX-512's 32) or 4 ({@link GemmKernel4x2}:
 * AVX2's 16). MR is a static final, so C2 folds the choice away.
 */
final class GemmKernel {
    private GemmKernel() {}

    static final VectorSpecies<Float> S = Simd.FLOATS;
    static final int L = S.length();
    static final int MR = KernelPlans.current().mr();
    static final int NR = 2 * L;

    /**
     * C[ci + r*ldc + j] = S[si + r*sls + j] + sum_p ap[a + p*MR + r] * bp[b + p*NR + j] for r < MR, j < NR,
     * where the addend S is C itself (accumulate), a bias row (sls = 0), or absent (s == null).
     */
    static void vector(int kc, float[] ap, int a, float[] bp, int b, float[] c, int ci, int ldc, float[] s, int si, int sls) {
        if (MR == 8) GemmKernel8x2.vector(kc, ap, a, bp, b, c, ci, ldc, s, si, sls);
        else GemmKernel4x2.vector(kc, ap, a, bp, b, c, ci, ldc, s, si, sls);
    }

    /** The same tile with A read in place from row-major rows rs apart: row r, step p is ap[a + r*rs + p]. */
    static void vectorRowsA(int kc, float[] ap, int a, int rs, float[] bp, int b, float[] c, int ci, int ldc, float[] s, int si, int sls) {
        if (MR == 8) GemmKernel8x2.vectorRowsA(kc, ap, a, rs, bp, b, c, ci, ldc, s, si, sls);
        else GemmKernel4x2.vectorRowsA(kc, ap, a, rs, bp, b, c, ci, ldc, s, si, sls);
    }

    /**
     * The same tile with B read in place: row p of the B sliver starts at bp[b + off[o0 + p]].
     * Direct convolution passes the offsets of its kernel taps in a padded image, so the
     * column matrix needs no packing (one extra index load per k step).
     */
    static void vectorTaps(int kc, float[] ap, int a, float[] bp, int[] off, int o0, int b, float[] c, int ci, int ldc, float[] s, int si, int sls) {
        if (MR == 8) GemmKernel8x2.vectorTaps(kc, ap, a, bp, off, o0, b, c, ci, ldc, s, si, sls);
        else GemmKernel4x2.vectorTaps(kc, ap, a, bp, off, o0, b, c, ci, ldc, s, si, sls);
    }

    /** The same tile with plain loops: the fallback that -Dfacet.scalar=true forces. */
    static void scalar(int kc, float[] ap, int a, float[] bp, int b, float[] c, int ci, int ldc, float[] s, int si, int sls) {
        scalarTaps(kc, ap, a, bp, null, 0, b, c, ci, ldc, s, si, sls);
    }

    /** Plain loops for both layouts of B: packed (off == null, rows NR apart) or in place at b + off[o0 + p]. */
    static void scalarTaps(int kc, float[] ap, int a, float[] bp, int[] off, int o0, int b, float[] c, int ci, int ldc, float[] s, int si, int sls) {
        float[] acc = Scratch.floats(Scratch.Slot.GEMM_ACC, MR * NR);
        java.util.Arrays.fill(acc, 0, MR * NR, 0f);
        for (int p = 0; p < kc; p++) {
            int bi = b + (off == null ? p * NR : off[o0 + p]);
            for (int r = 0; r < MR; r++) {
                float x = ap[a + p * MR + r];
                for (int j = 0; j < NR; j++) acc[r * NR + j] += x * bp[bi + j];
            }
        }
        for (int r = 0; r < MR; r++) {
            for (int j = 0; j < NR; j++) c[ci + r * ldc + j] = (s != null ? s[si + r * sls + j] : 0f) + acc[r * NR + j];
        }
    }
}
