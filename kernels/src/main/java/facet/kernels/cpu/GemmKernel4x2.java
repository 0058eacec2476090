package facet.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 4-row GEMM micro-kernel: a 4 x NR tile of C, NR = 2 vectors, from a packed 4-row sliver
 * of A and a packed NR-column sliver of B, both k-major: the shape for 16 vector registers (AVX2).
 * 8 accumulators, two B vectors and the broadcasts fit there whatever order C2 schedules them in.
 * Six rows (12 accumulators, 15 registers on paper) did not: C2 loads several broadcasts ahead,
 * runs out of registers and keeps two accumulators on the stack, a store-to-load round trip in
 * every k step. Measured with -XX:UseAVX=2 (a JVM held to AVX2's 16 ymm registers) on a packed
 * tile in L1, one thread: 4 rows 81-83 GFLOP/s, 6 rows 47, 5 rows 40 (bench/RESULTS.md).
 * Per k step: 2 loads, 4 broadcasts, 8 FMAs.
 *
 * <p>{@link GemmKernel8x2} with four rows fewer: the same named-local form, for the same reason.
 */
final class GemmKernel4x2 {
    private GemmKernel4x2() {}

    private static final VectorSpecies<Float> S = GemmKernel.S;
    private static final int L = GemmKernel.L;
    private static final int MR = 4;
    private static final int NR = 2 * L;

    /** See {@link GemmKernel#vector}. */
    static void vector(int kc, float[] ap, int a, float[] bp, int b, float[] c, int ci, int ldc, float[] s, int si, int sls) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = a + p * MR, bi = b + p * NR;   // indices linear in p: C2 can drop the range checks
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ai]);     c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]); c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]); c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]); c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
        }
        if (s != null) {            // the addend tile: C itself (accumulate) or a bias row (sls = 0)
            c00 = c00.add(FloatVector.fromArray(S, s, si)); c01 = c01.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c10 = c10.add(FloatVector.fromArray(S, s, si)); c11 = c11.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c20 = c20.add(FloatVector.fromArray(S, s, si)); c21 = c21.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c30 = c30.add(FloatVector.fromArray(S, s, si)); c31 = c31.add(FloatVector.fromArray(S, s, si + L));
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L); ci += ldc;
        c10.intoArray(c, ci); c11.intoArray(c, ci + L); ci += ldc;
        c20.intoArray(c, ci); c21.intoArray(c, ci + L); ci += ldc;
        c30.intoArray(c, ci); c31.intoArray(c, ci + L);
    }

    /** See {@link GemmKernel#vectorRowsA}. */
    static void vectorRowsA(int kc, float[] ap, int a, int rs, float[] bp, int b, float[] c, int ci, int ldc, float[] s, int si, int sls) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = a + p, bi = b + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ai]);     c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, ap[ai + 1 * rs]); c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, ap[ai + 2 * rs]); c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, ap[ai + 3 * rs]); c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
        }
        if (s != null) {            // the addend tile: C itself (accumulate) or a bias row (sls = 0)
            c00 = c00.add(FloatVector.fromArray(S, s, si)); c01 = c01.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c10 = c10.add(FloatVector.fromArray(S, s, si)); c11 = c11.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c20 = c20.add(FloatVector.fromArray(S, s, si)); c21 = c21.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c30 = c30.add(FloatVector.fromArray(S, s, si)); c31 = c31.add(FloatVector.fromArray(S, s, si + L));
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L); ci += ldc;
        c10.intoArray(c, ci); c11.intoArray(c, ci + L); ci += ldc;
        c20.intoArray(c, ci); c21.intoArray(c, ci + L); ci += ldc;
        c30.intoArray(c, ci); c31.intoArray(c, ci + L);
    }

    /** See {@link GemmKernel#vectorTaps}. */
    static void vectorTaps(int kc, float[] ap, int a, float[] bp, int[] off, int o0, int b, float[] c, int ci, int ldc, float[] s, int si, int sls) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int ai = a + p * MR, bi = b + off[o0 + p];   // indices linear in p: C2 can drop the range checks
            FloatVector b0 = FloatVector.fromArray(S, bp, bi), b1 = FloatVector.fromArray(S, bp, bi + L);
            FloatVector x;
            x = FloatVector.broadcast(S, ap[ai]);     c00 = b0.fma(x, c00); c01 = b1.fma(x, c01);
            x = FloatVector.broadcast(S, ap[ai + 1]); c10 = b0.fma(x, c10); c11 = b1.fma(x, c11);
            x = FloatVector.broadcast(S, ap[ai + 2]); c20 = b0.fma(x, c20); c21 = b1.fma(x, c21);
            x = FloatVector.broadcast(S, ap[ai + 3]); c30 = b0.fma(x, c30); c31 = b1.fma(x, c31);
        }
        if (s != null) {            // the addend tile: C itself (accumulate) or a bias row (sls = 0)
            c00 = c00.add(FloatVector.fromArray(S, s, si)); c01 = c01.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c10 = c10.add(FloatVector.fromArray(S, s, si)); c11 = c11.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c20 = c20.add(FloatVector.fromArray(S, s, si)); c21 = c21.add(FloatVector.fromArray(S, s, si + L)); si += sls;
            c30 = c30.add(FloatVector.fromArray(S, s, si)); c31 = c31.add(FloatVector.fromArray(S, s, si + L));
        }
        c00.intoArray(c, ci); c01.intoArray(c, ci + L); ci += ldc;
        c10.intoArray(c, ci); c11.intoArray(c, ci + L); ci += ldc;
        c20.intoArray(c, ci); c21.intoArray(c, ci + L); ci += ldc;
        c30.intoArray(c, ci); c31.intoArray(c, ci + L);
    }
}
