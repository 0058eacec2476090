package facet.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 8-row GEMM micro-kernel: an 8 x NR tile of C, NR = 2 vectors, from a packed 8-row sliver
 * of A and a packed NR-column sliver of B, both k-major. 16 accumulators, two B vectors and one
 * broadcast take 19 registers: the shape for 32 vector registers (AVX-512). Per k step: 2 loads,
 * 8 broadcasts, 16 FMAs, i.e. 2 * 8 * NR flops for 10 loads.
 *
 * <p>The accumulators are named locals in one method, not an array: C2 keeps them in registers
 * only then (an array or a helper taking vectors boxes them). {@link GemmKernel} picks this or
 * {@link GemmKernel4x2} by the kernel plan and documents the arguments.
 */
final class GemmKernel8x2 {
    private GemmKernel8x2() {}

    private static final VectorSpecies<Float> S = GemmKernel.S;
    private static final int L = GemmKernel.L;
    private static final int MR = 8;
    private static final int NR = 2 * L;

    /** See {@link GemmKernel#vector}. */
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

    /** See {@link GemmKernel#vectorRowsA}. */
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

    /** See {@link GemmKernel#vectorTaps}. */
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
}
