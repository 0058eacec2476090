package facet.kernels.cpu;

import facet.kernels.ConvGeometry;
import facet.kernels.plan.KernelPlans;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The weight gradient of a 3x3 stride-1 convolution by Winograd's F(2x2, 3x3), the adjoint of
 * {@link Winograd}'s forward: with M_t = sum_c U[o][c] . V_t[c] and Y_t = A^T M_t A per tile t,
 * <pre>
 *   dM_t = A dY_t A^T,   dU_e (O x C) = sum_t dM_e[t] V_e[t]^T,   dW[o][c] = G^T dU[o][c] G.
 * </pre>
 * The 16 products reduce over every tile of the batch, so they are GEMMs with a long K: per chunk
 * of tile rows dU_e (O x C) += dM_e (O x tiles, read in place) V_e^T; each thread sums its chunks
 * into its own dU, and the threads' sums are added at the end. Tiles past the output's edge and
 * each row's extra tile get dM = 0, so they add nothing.
 */
final class WinogradWeights {
    private WinogradWeights() {}

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int L = S.length();

    /** The floats all parts' dU may take together: 256 MiB. */
    static final long DU_FLOATS = 1L << 26;

    /**
     * Where it is used: as the forward, but outputs at least 16 wide in the AVX512 plan. Measured with ./facet bench conv
     * --threads 2 against -Dfacet.winograd=false (batch 32, ms): 64 ch at 64x64 53.4 -> 52.3, 128 at
     * 32x32 44.5 -> 34.9, 256 at 16x16 46.1 -> 29.7; at 8x8 (512 ch) it lost, 39.1 -> 44.9: a fifth of
     * its tiles are the dropped extra ones, and the chunks' reductions are short.
     */
    static final int MIN_WIDTH = KernelPlans.current().conv().winogradWeightsMinWidth();

    static boolean applies(ConvGeometry g) { return Winograd.applies(g) && g.ow() >= MIN_WIDTH; }

    /** dW = the gradient of conv(x, w) with respect to w, given dOut, for a geometry that {@link Winograd#applies}. */
    static void backward(ConvGeometry g, float[] x, float[] dOut, float[] dW) {
        int c = g.c(), o = g.o(), th = (g.oh() + 1) / 2, tw = (g.ow() + 1) / 2, rowTiles = tw + 1, rows = g.n() * th;
        int rowsPerChunk = Winograd.chunkRows(c, o, rowTiles);
        int size = 16 * c * o;
        // one dU per part: at most DU_FLOATS of them in all (64 threads at 512 channels would want 1 GiB)
        int parts = (int) Math.max(1, Math.min(Math.min(Parallel.threads(), rows), DU_FLOATS / size));
        int per = Math.min(rowsPerChunk, (rows + parts - 1) / parts), chunks = (rows + per - 1) / per;
        // each part's dU_e (O x C per e) in its own region of one caller-side buffer: one thread may
        // run several parts (inline, when called from inside a parallel kernel), so per-thread buffers could be shared
        float[] du = Scratch.floats(Scratch.Slot.WINO_U, parts * size);
        java.util.Arrays.fill(du, 0, parts * size, 0f);
        Gemm.Variant v = Gemm.defaultVariant();
        Parallel.forRange(parts, part -> {
            for (int ci = chunks * part / parts; ci < chunks * (part + 1) / parts; ci++) {
                int r0 = ci * per, r1 = Math.min(rows, r0 + per), cols = (r1 - r0) * rowTiles, wide = (cols + GemmKernel.NR - 1) / GemmKernel.NR * GemmKernel.NR;
                int vPlane = c * wide + Winograd.SKEW, mPlane = o * wide + Winograd.SKEW;
                float[] vt = Scratch.floats(Scratch.Slot.WINO_V, 16 * vPlane), dm = Scratch.floats(Scratch.Slot.WINO_M, 16 * mPlane);
                float[] buf = Scratch.floats(Scratch.Slot.WINO_ROWS, 8 * c * (wide + 1));
                Winograd.transformInput(g, x, r0, r1, th, tw, buf, vt, vPlane, cols, wide, true);
                for (int oc = 0; oc < o; oc++) transformOutputGrad(g, dOut, oc, r0, r1, th, tw, buf, dm, mPlane, cols, wide);
                for (int e = 0; e < 16; e++) {
                    Gemm.serial(v, 0, o, 0, c, cols, Gemm.rowMajor(dm, e * mPlane, wide), Gemm.rowMajor(vt, e * vPlane, wide).transposed(),
                            Gemm.Out.into(du, part * size + e * o * c, c).accumulating(true));
                }
            }
        });
        for (int part = 1; part < parts; part++) Gemm.axpy(1f, du, part * size, du, 0, size);
        transformWeightGrad(c, o, du, dW);
    }

    /**
     * dM[e][oc][tile] = (A dY A^T)[e] for the chunk's tiles of output channel oc: dY's two rows of
     * each tile row split into even and odd columns (zero past the output), then per tile, with
     * rows (a, b) of dY: A dY = (a, a + b, a - b, -b), and the same on its columns.
     */
    private static void transformOutputGrad(ConvGeometry g, float[] dOut, int oc, int r0, int r1, int th, int tw, float[] rowBuf,
                                            float[] dm, int plane, int cols, int wide) {
        int stride = wide, rowTiles = tw + 1, oh = g.oh(), ow = g.ow();
        for (int r = r0; r < r1; r++) {
            int n = r / th, ty = r % th, at = (r - r0) * rowTiles, img = (n * g.o() + oc) * oh * ow;
            for (int k = 0; k < 2; k++) {
                Winograd.split(dOut, img, 2 * ty + k, oh, ow, 0, rowTiles, rowBuf, 2 * k * stride + at, (2 * k + 1) * stride + at);
            }
        }
        for (int k = 0; k < 4; k++) java.util.Arrays.fill(rowBuf, k * stride + cols, (k + 1) * stride, 0f);
        int base = oc * wide, j = 0;
        if (!Simd.SCALAR) {
            for (; j < wide; j += L) {
                FloatVector ae = FloatVector.fromArray(S, rowBuf, j), ao = FloatVector.fromArray(S, rowBuf, stride + j);
                FloatVector be = FloatVector.fromArray(S, rowBuf, 2 * stride + j), bo = FloatVector.fromArray(S, rowBuf, 3 * stride + j);
                int at = base + j;
                // rows of A dY, (p, q) each, times A^T: (p, p + q, p - q, -q); written out, no helper taking
                // vectors (one that C2 does not inline boxes them)
                FloatVector p = ae, q = ao;
                p.intoArray(dm, at);
                p.add(q).intoArray(dm, plane + at);
                p.sub(q).intoArray(dm, 2 * plane + at);
                q.neg().intoArray(dm, 3 * plane + at);
                p = ae.add(be); q = ao.add(bo);
                p.intoArray(dm, 4 * plane + at);
                p.add(q).intoArray(dm, 5 * plane + at);
                p.sub(q).intoArray(dm, 6 * plane + at);
                q.neg().intoArray(dm, 7 * plane + at);
                p = ae.sub(be); q = ao.sub(bo);
                p.intoArray(dm, 8 * plane + at);
                p.add(q).intoArray(dm, 9 * plane + at);
                p.sub(q).intoArray(dm, 10 * plane + at);
                q.neg().intoArray(dm, 11 * plane + at);
                p = be.neg(); q = bo.neg();
                p.intoArray(dm, 12 * plane + at);
                p.add(q).intoArray(dm, 13 * plane + at);
                p.sub(q).intoArray(dm, 14 * plane + at);
                q.neg().intoArray(dm, 15 * plane + at);
            }
        }
        for (; j < wide; j++) {
            float ae = rowBuf[j], ao = rowBuf[stride + j], be = rowBuf[2 * stride + j], bo = rowBuf[3 * stride + j];
            for (int i = 0; i < 4; i++) {
                float p = i == 0 ? ae : i == 1 ? ae + be : i == 2 ? ae - be : -be;
                float q = i == 0 ? ao : i == 1 ? ao + bo : i == 2 ? ao - bo : -bo;
                int at = 4 * i * plane + base + j;
                dm[at] = p;
                dm[at + plane] = p + q;
                dm[at + 2 * plane] = p - q;
                dm[at + 3 * plane] = -q;
            }
        }
    }

    /**
     * dW[o][c] = G^T dU[o][c] G from dU[e][o][c]; G^T = [1 .5 .5 0; 0 .5 -.5 0; 0 .5 .5 1]. Read along
     * c: from dU^T (along o) every read was a cache miss, 60% of the time at 512 channels.
     */
    private static void transformWeightGrad(int c, int o, float[] du, float[] dW) {
        Parallel.forRange(o, 16L * o * c, oc -> {
            float[] t = new float[12];
            for (int ch = 0; ch < c; ch++) {
                int at = oc * c + ch, plane = c * o;
                for (int j = 0; j < 4; j++) {          // G^T dU: 3 rows of 4
                    float u0 = du[j * plane + at], u1 = du[(4 + j) * plane + at], u2 = du[(8 + j) * plane + at], u3 = du[(12 + j) * plane + at];
                    t[j] = u0 + 0.5f * (u1 + u2);
                    t[4 + j] = 0.5f * (u1 - u2);
                    t[8 + j] = 0.5f * (u1 + u2) + u3;
                }
                int w = (oc * c + ch) * 9;
                for (int a = 0; a < 3; a++) {          // (G^T dU) G
                    float t0 = t[4 * a], t1 = t[4 * a + 1], t2 = t[4 * a + 2], t3 = t[4 * a + 3];
                    dW[w + 3 * a] = t0 + 0.5f * (t1 + t2);
                    dW[w + 3 * a + 1] = 0.5f * (t1 - t2);
                    dW[w + 3 * a + 2] = 0.5f * (t1 + t2) + t3;
                }
            }
        });
    }
}
