package facet.kernels.cpu;

import facet.kernels.ConvGeometry;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static facet.kernels.cpu.GemmKernel.MR;
import static facet.kernels.cpu.GemmKernel.NR;

/**
 * 3x3 stride-1 convolution by Winograd's F(2x2, 3x3) (Lavin and Gray, 2015): each 2x2 output tile
 * costs 16 multiplies per (input, output) channel pair instead of 36, so the GEMM does 2.25x fewer
 * flops; the price is a transform of each 4x4 input tile and of each output tile, which is cheap
 * (adds only) but touches memory.
 *
 * <p>With d a 4x4 input tile, g a 3x3 filter, the output tile is A^T [(G g G^T) . (B^T d B)] A, where
 * <pre>
 *   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1],  G = [1 0 0; .5 .5 .5; .5 -.5 .5; 0 0 1],
 *   A^T = [1 1 1 0; 0 1 -1 -1].
 * </pre>
 * The elementwise product summed over input channels is 16 independent GEMMs, one per tile
 * element e: M_e (O x tiles) = U_e (O x C) V_e (C x tiles). The transform matrices hold only 0,
 * +-1 and +-.5, so the transforms round little; the error is that of a sum over 16 C terms of a
 * few times the inputs' size (checked against a float64 reference by CpuVsReferenceTest).
 *
 * <p>Work runs in chunks of whole tile rows (spanning images), sized so a chunk's V and M stay in
 * the L2; chunks run in parallel, each thread its own transforms and 16 products. The transforms
 * write U and V straight in the GEMM micro-kernel's packed layouts, so the products pack nothing.
 * Tile rows are laid out TW + 1 tiles wide: tile tx of a row reads input columns 2tx .. 2tx+3,
 * that is even/odd columns tx and tx + 1, so with the columns split into even and odd halves one
 * vector loop computes a whole chunk, and the extra tile at each row's end is computed and dropped
 * (1/(TW+1) of the GEMM: 3% at 64x64, 11% at 16x16, 20% at 8x8).
 */
final class Winograd {
    private Winograd() {}

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int L = S.length();

    /** -Dfacet.winograd=false turns this path off (for side-by-side benchmarks). */
    static final boolean ENABLED = !"false".equals(System.getProperty("facet.winograd"));

    /**
     * Where it is used: at least 128 channels in and out and outputs at least 8 wide. Measured with
     * ./facet bench conv --threads 2 against -Dfacet.winograd=false (batch 32, ms, forward / dX):
     * 128 ch at 32x32 43.7 -> 35.5 / 44.2 -> 34.9; 256 at 16x16 43.9 -> 28.2 / 48.5 -> 30.3; 512 at
     * 8x8 40.9 -> 38.2 / 55.5 -> 50.7. At 64 channels (64x64) it lost, 42.5 -> 58.4: the GEMM does
     * only 2 x 64 flops per transformed element, too few to pay for writing and reading V and M.
     */
    static final int MIN_CHANNELS = 128, MIN_WIDTH = 8;

    /** Floats of V plus M a chunk aims for: about 3 MiB, what the L2 holds beside the GEMM's packed panels. */
    static final int CHUNK_FLOATS = 3 << 18;
    /** A chunk has at least this many tiles, so each GEMM has columns enough to reuse its packed U. */
    static final int MIN_CHUNK_TILES = 128;

    static boolean applies(ConvGeometry g) {
        return ENABLED && g.kh() == 3 && g.kw() == 3 && g.sh() == 1 && g.sw() == 1 && g.dh() == 1 && g.dw() == 1
                && g.groups() == 1 && g.c() >= MIN_CHANNELS && g.o() >= MIN_CHANNELS && g.oh() >= 2 && g.ow() >= MIN_WIDTH;
    }

    /**
     * out = conv(x, w) for a geometry that {@link #applies}; with flipped, w is the weight of the
     * convolution whose backward input this is (geometry g = its transpose): w (g.c x g.o x 3 x 3),
     * read with taps reversed and channels swapped, so dX needs no flipped copy.
     */
    static void forward(ConvGeometry g, float[] x, float[] w, boolean flipped, float[] out) {
        int c = g.c(), o = g.o(), th = (g.oh() + 1) / 2, tw = (g.ow() + 1) / 2, rowTiles = tw + 1, rows = g.n() * th;
        int rowsPerChunk = Math.max(Math.max(1, MIN_CHUNK_TILES / rowTiles), CHUNK_FLOATS / (16 * (c + o) * rowTiles));
        rowsPerChunk = Math.min(rowsPerChunk, (rows + Parallel.threads() - 1) / Parallel.threads());   // a chunk per thread at least
        int per = rowsPerChunk, chunks = (rows + per - 1) / per, slivers = (o + MR - 1) / MR;
        float[] u = transformWeights(g, w, flipped);
        boolean scalar = Gemm.defaultVariant() == Gemm.Variant.SCALAR;
        Parallel.forRange(chunks, ci -> {
            int r0 = ci * per, r1 = Math.min(rows, r0 + per), cols = (r1 - r0) * rowTiles, strips = (cols + NR - 1) / NR, wide = strips * NR;
            float[] vt = Scratch.floats(Scratch.Slot.WINO_V, 16 * c * wide);
            float[] mt = Scratch.floats(Scratch.Slot.WINO_M, 16 * slivers * MR * wide);
            float[] buf = Scratch.floats(Scratch.Slot.WINO_ROWS, 8 * (wide + 1));   // input rows, later output tiles
            for (int ch = 0; ch < c; ch++) transformInput(g, x, ch, r0, r1, th, tw, buf, vt, cols, wide);
            for (int e = 0; e < 16; e++) products(scalar, c, slivers, strips, u, e * slivers * c * MR, vt, e * strips * c * NR, mt, e * slivers * MR * wide, wide);
            for (int oc = 0; oc < o; oc++) transformOutput(g, mt, slivers * MR * wide, oc, r0, r1, th, tw, buf, out, wide);
        });
    }

    /**
     * M (slivers*MR x wide, row stride wide) = U (packed MR-row slivers, k-major) V (packed NR-column
     * strips, k-major): both operands were written in the micro-kernel's layout by the transforms,
     * so nothing is packed here. K runs in slabs of Gemm.KC so a strip of V stays in the L1.
     */
    private static void products(boolean scalar, int k, int slivers, int strips, float[] u, int uOff, float[] v, int vOff,
                                 float[] m, int mOff, int wide) {
        for (int t = 0; t < strips; t++) {
            for (int s = 0; s < slivers; s++) {
                int ci = mOff + s * MR * wide + t * NR;
                for (int pc = 0; pc < k; pc += Gemm.KC) {
                    int kc = Math.min(Gemm.KC, k - pc), a = uOff + (s * k + pc) * MR, b = vOff + (t * k + pc) * NR;
                    float[] addend = pc > 0 ? m : null;
                    if (scalar) GemmKernel.scalar(kc, u, a, v, b, m, ci, wide, addend, ci, wide);
                    else GemmKernel.vector(kc, u, a, v, b, m, ci, wide, addend, ci, wide);
                }
            }
        }
    }

    /** U[e] = (G w[o][c] G^T)[e], e = 4 i + j, packed per e as MR-row slivers over o (zero rows past O), k = c running fastest outside the sliver. */
    static float[] transformWeights(ConvGeometry g, float[] w, boolean flipped) {
        int c = g.c(), o = g.o(), slivers = (o + MR - 1) / MR, plane = slivers * c * MR;
        float[] u = Scratch.floats(Scratch.Slot.WINO_U, 16 * plane);
        if (o % MR != 0) java.util.Arrays.fill(u, 0, 16 * plane, 0f);
        Parallel.forRange(o, 16L * o * c, oc -> {
            float[] t = new float[12];
            int sliver = oc / MR, r = oc % MR;
            for (int ch = 0; ch < c; ch++) {
                int at = flipped ? (ch * o + oc) * 9 + 8 : (oc * c + ch) * 9, dir = flipped ? -1 : 1, base = (sliver * c + ch) * MR + r;
                for (int j = 0; j < 3; j++) {          // G g: rows of the 4x3 product
                    float g0 = w[at + dir * j], g1 = w[at + dir * (3 + j)], g2 = w[at + dir * (6 + j)];
                    t[j] = g0;
                    t[3 + j] = 0.5f * (g0 + g1 + g2);
                    t[6 + j] = 0.5f * (g0 - g1 + g2);
                    t[9 + j] = g2;
                }
                for (int i = 0; i < 4; i++) {          // (G g) G^T
                    float c0 = t[3 * i], c1 = t[3 * i + 1], c2 = t[3 * i + 2];
                    int e = 4 * i;
                    u[e * plane + base] = c0;
                    u[(e + 1) * plane + base] = 0.5f * (c0 + c1 + c2);
                    u[(e + 2) * plane + base] = 0.5f * (c0 - c1 + c2);
                    u[(e + 3) * plane + base] = c2;
                }
            }
        });
        return u;
    }

    /**
     * V[e] for the chunk's tile rows [r0, r1) of input channel ch, packed as NR-column strips
     * (V[e][strip][ch][j]). rowBuf holds, for each of a tile's four input rows, its even then its
     * odd padded columns, laid out along the chunk; columns past the chunk's tiles are zero.
     */
    private static void transformInput(ConvGeometry g, float[] x, int ch, int r0, int r1, int th, int tw,
                                       float[] rowBuf, float[] vt, int cols, int wide) {
        int stride = wide + 1, rowTiles = tw + 1;
        for (int r = r0; r < r1; r++) {
            int n = r / th, ty = r % th, at = (r - r0) * rowTiles;
            int img = (n * g.c() + ch) * g.h() * g.w();
            for (int k = 0; k < 4; k++) {
                int iy = 2 * ty - g.ph() + k;
                split(x, img, iy, g.h(), g.w(), g.pw(), rowTiles, rowBuf, 2 * k * stride + at, (2 * k + 1) * stride + at);
            }
        }
        for (int k = 0; k < 8; k++) java.util.Arrays.fill(rowBuf, k * stride + cols, (k + 1) * stride, 0f);
        int c = g.c(), plane = wide * c, j = 0;
        if (!Simd.SCALAR) {
            for (; j < wide; j += L) {   // wide is a whole number of vectors, and no vector crosses a strip
                int at = ((j / NR) * c + ch) * NR + j % NR;
                for (int i = 0; i < 4; i++) {
                    // row i of B^T d combines input rows p and q: d0 - d2, d1 + d2, d2 - d1, d1 - d3
                    FloatVector e0, e1, o0, o1;
                    int p = i == 0 ? 0 : 1, q = i == 3 ? 3 : 2;
                    FloatVector pe = FloatVector.fromArray(S, rowBuf, 2 * p * stride + j), qe = FloatVector.fromArray(S, rowBuf, 2 * q * stride + j);
                    FloatVector pe1 = FloatVector.fromArray(S, rowBuf, 2 * p * stride + j + 1), qe1 = FloatVector.fromArray(S, rowBuf, 2 * q * stride + j + 1);
                    FloatVector po = FloatVector.fromArray(S, rowBuf, (2 * p + 1) * stride + j), qo = FloatVector.fromArray(S, rowBuf, (2 * q + 1) * stride + j);
                    FloatVector po1 = FloatVector.fromArray(S, rowBuf, (2 * p + 1) * stride + j + 1), qo1 = FloatVector.fromArray(S, rowBuf, (2 * q + 1) * stride + j + 1);
                    if (i == 1) { e0 = pe.add(qe); e1 = pe1.add(qe1); o0 = po.add(qo); o1 = po1.add(qo1); }
                    else if (i == 2) { e0 = qe.sub(pe); e1 = qe1.sub(pe1); o0 = qo.sub(po); o1 = qo1.sub(po1); }
                    else { e0 = pe.sub(qe); e1 = pe1.sub(qe1); o0 = po.sub(qo); o1 = po1.sub(qo1); }
                    int e = 4 * i;
                    e0.sub(e1).intoArray(vt, e * plane + at);          // then B's columns: the same four combinations
                    o0.add(e1).intoArray(vt, (e + 1) * plane + at);
                    e1.sub(o0).intoArray(vt, (e + 2) * plane + at);
                    o0.sub(o1).intoArray(vt, (e + 3) * plane + at);
                }
            }
        }
        for (; j < wide; j++) {
            int at = ((j / NR) * c + ch) * NR + j % NR;
            for (int i = 0; i < 4; i++) {
                int p = i == 0 ? 0 : 1, q = i == 3 ? 3 : 2;
                float pe = rowBuf[2 * p * stride + j], qe = rowBuf[2 * q * stride + j];
                float pe1 = rowBuf[2 * p * stride + j + 1], qe1 = rowBuf[2 * q * stride + j + 1];
                float po = rowBuf[(2 * p + 1) * stride + j], qo = rowBuf[(2 * q + 1) * stride + j];
                float po1 = rowBuf[(2 * p + 1) * stride + j + 1], qo1 = rowBuf[(2 * q + 1) * stride + j + 1];
                float e0, e1, o0, o1;
                if (i == 1) { e0 = pe + qe; e1 = pe1 + qe1; o0 = po + qo; o1 = po1 + qo1; }
                else if (i == 2) { e0 = qe - pe; e1 = qe1 - pe1; o0 = qo - po; o1 = qo1 - po1; }
                else { e0 = pe - qe; e1 = pe1 - qe1; o0 = po - qo; o1 = po1 - qo1; }
                int e = 4 * i;
                vt[e * plane + at] = e0 - e1;
                vt[(e + 1) * plane + at] = o0 + e1;
                vt[(e + 2) * plane + at] = e1 - o0;
                vt[(e + 3) * plane + at] = o0 - o1;
            }
        }
    }

    /** Even and odd columns of padded row iy (zeros outside the image) into buf[even + k], buf[odd + k], k < count. */
    private static void split(float[] x, int img, int iy, int h, int w, int pw, int count, float[] buf, int even, int odd) {
        if (iy < 0 || iy >= h) {
            java.util.Arrays.fill(buf, even, even + count, 0f);
            java.util.Arrays.fill(buf, odd, odd + count, 0f);
            return;
        }
        int row = img + iy * w;
        for (int k = 0; k < count; k++) {
            int ix = 2 * k - pw;
            buf[even + k] = ix >= 0 && ix < w ? x[row + ix] : 0f;
            buf[odd + k] = ix + 1 >= 0 && ix + 1 < w ? x[row + ix + 1] : 0f;
        }
    }

    /** out[n][oc] tiles of the chunk's rows from M[e][oc][t]: y = A^T m A, dropping each row's extra tile and the edge overhang. */
    private static void transformOutput(ConvGeometry g, float[] mt, int plane, int oc, int r0, int r1, int th, int tw,
                                        float[] tiles, float[] out, int cols) {
        int base = oc * cols, j = 0;
        if (!Simd.SCALAR) {
            for (; j < cols; j += L) {   // cols (the chunk's width rounded to strips) is a whole number of vectors
                FloatVector s0 = null, s1 = null, s2 = null, s3 = null, d0 = null, d1 = null, d2 = null, d3 = null;
                for (int col = 0; col < 4; col++) {
                    FloatVector m0 = FloatVector.fromArray(S, mt, col * plane + base + j), m1 = FloatVector.fromArray(S, mt, (4 + col) * plane + base + j);
                    FloatVector m2 = FloatVector.fromArray(S, mt, (8 + col) * plane + base + j), m3 = FloatVector.fromArray(S, mt, (12 + col) * plane + base + j);
                    FloatVector s = m0.add(m1).add(m2), d = m1.sub(m2).sub(m3);
                    if (col == 0) { s0 = s; d0 = d; } else if (col == 1) { s1 = s; d1 = d; } else if (col == 2) { s2 = s; d2 = d; } else { s3 = s; d3 = d; }
                }
                s0.add(s1).add(s2).intoArray(tiles, j);
                s1.sub(s2).sub(s3).intoArray(tiles, cols + j);
                d0.add(d1).add(d2).intoArray(tiles, 2 * cols + j);
                d1.sub(d2).sub(d3).intoArray(tiles, 3 * cols + j);
            }
        }
        for (; j < cols; j++) {
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
            for (int col = 0; col < 4; col++) {
                float m0 = mt[col * plane + base + j], m1 = mt[(4 + col) * plane + base + j];
                float m2 = mt[(8 + col) * plane + base + j], m3 = mt[(12 + col) * plane + base + j];
                float sv = m0 + m1 + m2, dv = m1 - m2 - m3;
                if (col == 0) { s0 = sv; d0 = dv; } else if (col == 1) { s1 = sv; d1 = dv; } else if (col == 2) { s2 = sv; d2 = dv; } else { s3 = sv; d3 = dv; }
            }
            tiles[j] = s0 + s1 + s2;
            tiles[cols + j] = s1 - s2 - s3;
            tiles[2 * cols + j] = d0 + d1 + d2;
            tiles[3 * cols + j] = d1 - d2 - d3;
        }
        int oh = g.oh(), ow = g.ow(), rowTiles = tw + 1, full = ow / 2;
        for (int r = r0; r < r1; r++) {
            int n = r / th, ty = r % th, at = (r - r0) * rowTiles;
            int top = ((n * g.o() + oc) * oh + 2 * ty) * ow;
            boolean second = 2 * ty + 1 < oh;
            for (int tx = 0; tx < full; tx++) {
                out[top + 2 * tx] = tiles[at + tx];
                out[top + 2 * tx + 1] = tiles[cols + at + tx];
            }
            if (full < tw) out[top + 2 * full] = tiles[at + full];
            if (!second) continue;
            int bottom = top + ow;
            for (int tx = 0; tx < full; tx++) {
                out[bottom + 2 * tx] = tiles[2 * cols + at + tx];
                out[bottom + 2 * tx + 1] = tiles[3 * cols + at + tx];
            }
            if (full < tw) out[bottom + 2 * full] = tiles[2 * cols + at + full];
        }
    }
}
