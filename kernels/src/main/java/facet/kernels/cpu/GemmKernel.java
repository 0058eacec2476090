package facet.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GEMM micro-kernel: an MR x NR tile of C from a packed MR-row sliver of A and a packed
 * NR-column sliver of B, both k-major. MR = 8 rows times NR = 2 vectors keeps 16 accumulators,
 * two B vectors and one broadcast in registers (AVX-512: 19 of 32 zmm; AVX2: 19 of 16 ymm
 * would spill, so the vector width decides NR, not MR). Per k step: 2 loads, 8 broadcasts,
 * 16 FMAs, i.e. 2 * 8 * NR flops for 10 loads.
 *
 * <p>The accumulators are named locals in one method, not an array: C2 keeps them in registers
 * only then (an array or a helper taking vectors boxes them).
 */
final class GemmKernel {
    private GemmKernel() {}

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();
    static final int MR = 8;
    static final int NR = 2 * L;

    /**
     * C[ci + r*ldc + j] = S[si + r*sls + j] + sum_p ap[a + p*MR + r] * bp[b + p*NR + j] for r < MR, j < NR,
     * where the addend S is C itself (accumulate), a bias row (sls = 0), or absent (s == null).
     */
    static void vector(int kc, float[] ap, int a, float[] bp, int b, float[] c, int ci, int ldc, float[] s, int si, int sls) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = a + p * MR, bi = b + p * NR;   // indices linear in p: C2 can drop the range checks
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ai]);     c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]); c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]); c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]); c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]); c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]); c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, ap[ai + 6]); c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, ap[ai + 7]); c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
        }
        if (s != null) {            // the addend tile: C itself (accumulate) or a bias row (sls = 0)
            c00 = c00.add(FloatVector.fromArray(S, s, si)); c01 = c01.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c10 = c10.add(FloatVector.fromArray(S, s, si)); c11 = c11.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c20 = c20.add(FloatVector.fromArray(S, s, si)); c21 = c21.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c30 = c30.add(FloatVector.fromArray(S, s, si)); c31 = c31.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c40 = c40.add(FloatVector.fromArray(S, s, si)); c41 = c41.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c50 = c50.add(FloatVector.fromArray(S, s, si)); c51 = c51.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c60 = c60.add(FloatVector.fromArray(S, s, si)); c61 = c61.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c70 = c70.add(FloatVector.fromArray(S, s, si)); c71 = c71.add(FloatVector.fromArray(S, s, si + L));
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L); ci += ldc;
        c10.intoArray(c, ci); c11.intoArray(c, ci + L); ci += ldc;
        c20.intoArray(c, ci); c21.intoArray(c, ci + L); ci += ldc;
        c30.intoArray(c, ci); c31.intoArray(c, ci + L); ci += ldc;
        c40.intoArray(c, ci); c41.intoArray(c, ci + L); ci += ldc;
        c50.intoArray(c, ci); c51.intoArray(c, ci + L); ci += ldc;
        c60.intoArray(c, ci); c61.intoArray(c, ci + L); ci += ldc;
        c70.intoArray(c, ci); c71.intoArray(c, ci + L);
    }

    /** The same tile with A read in place from row-major rows rs apart: row r, step p is ap[a + r*rs + p]. */
    static void vectorRowsA(int kc, float[] ap, int a, int rs, float[] bp, int b, float[] c, int ci, int ldc, float[] s, int si, int sls) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = a + p, bi = b + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ai]);     c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, ap[ai + 1 * rs]); c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, ap[ai + 2 * rs]); c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, ap[ai + 3 * rs]); c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, ap[ai + 4 * rs]); c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, ap[ai + 5 * rs]); c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, ap[ai + 6 * rs]); c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, ap[ai + 7 * rs]); c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
        }
        if (s != null) {            // the addend tile: C itself (accumulate) or a bias row (sls = 0)
            c00 = c00.add(FloatVector.fromArray(S, s, si)); c01 = c01.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c10 = c10.add(FloatVector.fromArray(S, s, si)); c11 = c11.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c20 = c20.add(FloatVector.fromArray(S, s, si)); c21 = c21.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c30 = c30.add(FloatVector.fromArray(S, s, si)); c31 = c31.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c40 = c40.add(FloatVector.fromArray(S, s, si)); c41 = c41.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c50 = c50.add(FloatVector.fromArray(S, s, si)); c51 = c51.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c60 = c60.add(FloatVector.fromArray(S, s, si)); c61 = c61.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c70 = c70.add(FloatVector.fromArray(S, s, si)); c71 = c71.add(FloatVector.fromArray(S, s, si + L));
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L); ci += ldc;
        c10.intoArray(c, ci); c11.intoArray(c, ci + L); ci += ldc;
        c20.intoArray(c, ci); c21.intoArray(c, ci + L); ci += ldc;
        c30.intoArray(c, ci); c31.intoArray(c, ci + L); ci += ldc;
        c40.intoArray(c, ci); c41.intoArray(c, ci + L); ci += ldc;
        c50.intoArray(c, ci); c51.intoArray(c, ci + L); ci += ldc;
        c60.intoArray(c, ci); c61.intoArray(c, ci + L); ci += ldc;
        c70.intoArray(c, ci); c71.intoArray(c, ci + L);
    }

    /**
     * The same tile with B read in place: row p of the B sliver starts at bp[b + off[o0 + p]].
     * Direct convolution passes the offsets of its kernel taps in a padded image, so the
     * column matrix needs no packing (one extra index load per k step).
     */
    static void vectorTaps(int kc, float[] ap, int a, float[] bp, int[] off, int o0, int b, float[] c, int ci, int ldc, float[] s, int si, int sls) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = a + p * MR, bi = b + off[o0 + p];   // indices linear in p: C2 can drop the range checks
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ai]);     c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]); c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]); c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]); c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
            x = FloatVector.broadcast(S, ap[ai + 4]); c40 = b0.fma(x, c40); c41 = b1.fma(x, c41);
            x = FloatVector.broadcast(S, ap[ai + 5]); c50 = b0.fma(x, c50); c51 = b1.fma(x, c51);
            x = FloatVector.broadcast(S, ap[ai + 6]); c60 = b0.fma(x, c60); c61 = b1.fma(x, c61);
            x = FloatVector.broadcast(S, ap[ai + 7]); c70 = b0.fma(x, c70); c71 = b1.fma(x, c71);
        }
        if (s != null) {            // the addend tile: C itself (accumulate) or a bias row (sls = 0)
            c00 = c00.add(FloatVector.fromArray(S, s, si)); c01 = c01.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c10 = c10.add(FloatVector.fromArray(S, s, si)); c11 = c11.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c20 = c20.add(FloatVector.fromArray(S, s, si)); c21 = c21.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c30 = c30.add(FloatVector.fromArray(S, s, si)); c31 = c31.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c40 = c40.add(FloatVector.fromArray(S, s, si)); c41 = c41.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c50 = c50.add(FloatVector.fromArray(S, s, si)); c51 = c51.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c60 = c60.add(FloatVector.fromArray(S, s, si)); c61 = c61.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c70 = c70.add(FloatVector.fromArray(S, s, si)); c71 = c71.add(FloatVector.fromArray(S, s, si + L));
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L); ci += ldc;
        c10.intoArray(c, ci); c11.intoArray(c, ci + L); ci += ldc;
        c20.intoArray(c, ci); c21.intoArray(c, ci + L); ci += ldc;
        c30.intoArray(c, ci); c31.intoArray(c, ci + L); ci += ldc;
        c40.intoArray(c, ci); c41.intoArray(c, ci + L); ci += ldc;
        c50.intoArray(c, ci); c51.intoArray(c, ci + L); ci += ldc;
        c60.intoArray(c, ci); c61.intoArray(c, ci + L); ci += ldc;
        c70.intoArray(c, ci); c71.intoArray(c, ci + L);
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
