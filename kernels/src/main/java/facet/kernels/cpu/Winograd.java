package facet.kernels.cpu;

import facet.kernels.ConvGeometry;
import facet.kernels.plan.KernelPlan;
import facet.kernels.plan.KernelPlans;
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
 *
 * <p>An Inf or NaN input spreads to every output of the 2x2 tiles whose 4x4 inputs contain it
 * (the transforms mix all 16), where a direct convolution confines it to the outputs whose 3x3
 * windows do.
 */
final class Winograd {
    private Winograd() {}

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int L = S.length();
    private static final KernelPlan.ConvThresholds PLAN = KernelPlans.current().conv();

    /** -Dfacet.winograd=false turns this path off (for side-by-side benchmarks). */
    static final boolean ENABLED = !"false".equals(System.getProperty("facet.winograd"));

    /**
     * Where it is used: at least 64 channels in and out, outputs at least 8 wide. Measured with
     * ./facet bench conv --threads 2 against -Dfacet.winograd=false in the same session (batch 32,
     * ms, forward / dX): 64 ch at 64x64 40.1 -> 36.2 / 41.5 -> 36.6; 128 at 32x32 42.2 -> 28.9 /
     * 44.6 -> 27.8; 256 at 16x16 46.7 -> 23.6 / 50.5 -> 23.8; 512 at 8x8 42.3 -> 35.6 / 55.7 -> 36.3.
     * Fewer channels give the GEMM too few flops (2 x channels) per transformed element to pay for
     * writing and reading V and M; narrower outputs drop too many of the extra tiles.
     */
    static final int MIN_CHANNELS = PLAN.winogradMinChannels(), MIN_WIDTH = PLAN.winogradMinWidth();

    /** Floats of V plus M a chunk aims for: about 3 MiB, what the L2 holds beside the GEMM's packed panels. */
    static final int CHUNK_FLOATS = PLAN.winogradChunkFloats();
    /** A chunk has at least this many tiles, so each GEMM has columns enough to reuse its packed U. */
    static final int MIN_CHUNK_TILES = PLAN.winogradMinChunkTiles();
    /** At most this many tile rows per chunk: tests lower it to reach chunk edges, K slabs and several chunks per thread on small layers. */
    private static int maxChunkRows = Integer.MAX_VALUE;

    /** Caps the tile rows per chunk until the scope closes (for tests). */
    static facet.kernels.Scope withMaxChunkRows(int rows) {
        int before = maxChunkRows;
        maxChunkRows = rows;
        return () -> maxChunkRows = before;
    }

    /** Tile rows per chunk of a layer with c channels in, o out and rowTiles tiles per row. */
    static int chunkRows(int c, int o, int rowTiles) {
        return Math.min(maxChunkRows, Math.max(Math.max(1, MIN_CHUNK_TILES / rowTiles), CHUNK_FLOATS / (16 * (c + o) * rowTiles)));
    }

    /** Floats between consecutive planes of V and M beyond their size: one cache line. */
    static final int SKEW = 16;

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
        int rowsPerChunk = Math.min(chunkRows(c, o, rowTiles), (rows + Parallel.threads() - 1) / Parallel.threads());   // a chunk per thread at least
        int per = rowsPerChunk, chunks = (rows + per - 1) / per, slivers = (o + MR - 1) / MR;
        float[] u = transformWeights(g, w, flipped);
        boolean scalar = Gemm.defaultVariant() == Gemm.Variant.SCALAR;
        Parallel.forRange(chunks, ci -> {
            int r0 = ci * per, r1 = Math.min(rows, r0 + per), cols = (r1 - r0) * rowTiles, strips = (cols + NR - 1) / NR, wide = strips * NR;
            // the 16 planes of V and of M, each a multiple of 4 KiB, are set apart by one more cache line:
            // at exact multiples the transforms' 16 streams fall into one L1 set and thrash (8x slower at 64 ch)
            int vPlane = c * wide + SKEW, mPlane = slivers * MR * wide + SKEW;
            float[] vt = Scratch.floats(Scratch.Slot.WINO_V, 16 * vPlane);
            float[] mt = Scratch.floats(Scratch.Slot.WINO_M, 16 * mPlane);
            float[] buf = Scratch.floats(Scratch.Slot.WINO_ROWS, 8 * c * (wide + 1));   // input rows, later output tiles
            transformInput(g, x, r0, r1, th, tw, buf, vt, vPlane, cols, wide, false);
            for (int e = 0; e < 16; e++) products(scalar, c, slivers, strips, u, e * slivers * c * MR, vt, e * vPlane, mt, e * mPlane, wide);
            for (int oc = 0; oc < o; oc++) transformOutput(g, mt, mPlane, oc, r0, r1, th, tw, buf, out, wide);
        });
    }

    /**
     * M (slivers*MR x wide, row stride wide) = U (packed MR-row slivers, k-major) V (packed NR-column
     * strips, k-major): both operands were written in the micro-kernel's layout by the transforms,
     * so nothing is packed here. K runs in slabs of Gemm.KC inside the sliver loop, which keeps
     * nothing extra in the L1 (a 512-channel strip, 64 KiB, does not fit it); moving the slabs
     * outside the slivers, as Gemm does, is untried.
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
     * V[e] for the chunk's tile rows [r0, r1), packed as NR-column strips (V[e][strip][ch][j]) or,
     * with rowMajor, as rows of tiles (V[e][ch][tile], for the weight gradient).
     * First every channel's input rows are split into rowBuf: per channel and for each of a tile's
     * four input rows, its even then its odd padded columns laid out along the chunk, zero past the
     * chunk's tiles. Then the transform.
     */
    static void transformInput(ConvGeometry g, float[] x, int r0, int r1, int th, int tw,
                               float[] rowBuf, float[] vt, int plane, int cols, int wide, boolean rowMajor) {
        int c = g.c(), stride = wide + 1, rowTiles = tw + 1, chRows = 8 * stride;
        for (int ch = 0; ch < c; ch++) {
            int cb = ch * chRows;
            for (int r = r0; r < r1; r++) {
                int n = r / th, ty = r % th, at = cb + (r - r0) * rowTiles;
                int img = (n * c + ch) * g.h() * g.w();
                for (int k = 0; k < 4; k++) {
                    int iy = 2 * ty - g.ph() + k;
                    split(x, img, iy, g.h(), g.w(), g.pw(), rowTiles, rowBuf, 2 * k * stride + at, (2 * k + 1) * stride + at);
                }
            }
            for (int k = 0; k < 8; k++) java.util.Arrays.fill(rowBuf, cb + k * stride + cols, cb + (k + 1) * stride, 0f);
        }
        // each plane of V written in order: strip by strip over the channels when packed (channel by
        // channel it jumped 8 KiB every strip, and took twice the time), channel by channel when row-major
        int strips = wide / NR;
        for (int i = 0; i < strips * c; i++) {
            int t = rowMajor ? i % strips : i / c, ch = rowMajor ? i / strips : i % c;
            int rb = ch * chRows + t * NR, at = rowMajor ? ch * wide + t * NR : (t * c + ch) * NR;
            if (Simd.SCALAR) {
                tilesScalar(rowBuf, rb, stride, vt, at, plane);
            } else {
                tilesVector(rowBuf, rb, stride, vt, at, plane);
                tilesVector(rowBuf, rb + L, stride, vt, at + L, plane);
            }
        }
    }

    /** One vector of tiles: rb is their offset in the channel's first split row, at in V's plane 0. */
    private static void tilesVector(float[] rowBuf, int rb, int stride, float[] vt, int at, int plane) {
        // input row k's even columns at the tile and the next (ek, fk), odd ones (ok, pk); written out,
        // not looped: vectors carried across loop iterations get boxed
        FloatVector e0 = FloatVector.fromArray(S, rowBuf, rb), f0 = FloatVector.fromArray(S, rowBuf, rb + 1);
        FloatVector o0 = FloatVector.fromArray(S, rowBuf, stride + rb), p0 = FloatVector.fromArray(S, rowBuf, stride + rb + 1);
        FloatVector e1 = FloatVector.fromArray(S, rowBuf, 2 * stride + rb), f1 = FloatVector.fromArray(S, rowBuf, 2 * stride + rb + 1);
        FloatVector o1 = FloatVector.fromArray(S, rowBuf, 3 * stride + rb), p1 = FloatVector.fromArray(S, rowBuf, 3 * stride + rb + 1);
        FloatVector e2 = FloatVector.fromArray(S, rowBuf, 4 * stride + rb), f2 = FloatVector.fromArray(S, rowBuf, 4 * stride + rb + 1);
        FloatVector o2 = FloatVector.fromArray(S, rowBuf, 5 * stride + rb), p2 = FloatVector.fromArray(S, rowBuf, 5 * stride + rb + 1);
        FloatVector e3 = FloatVector.fromArray(S, rowBuf, 6 * stride + rb), f3 = FloatVector.fromArray(S, rowBuf, 6 * stride + rb + 1);
        FloatVector o3 = FloatVector.fromArray(S, rowBuf, 7 * stride + rb), p3 = FloatVector.fromArray(S, rowBuf, 7 * stride + rb + 1);
        // B^T's rows over the input rows: d0 - d2, d1 + d2, d2 - d1, d1 - d3; then B's columns alike:
        // for a row's columns (a0, a1, a2, a3) = (e, o, f, p): a0 - a2, a1 + a2, a2 - a1, a1 - a3.
        // No helper taking vectors: one that C2 happens not to inline boxes them (seen: 10x, now and then)
        FloatVector e = e0.sub(e2), f = f0.sub(f2), o = o0.sub(o2), p = p0.sub(p2);
        e.sub(f).intoArray(vt, at);
        o.add(f).intoArray(vt, plane + at);
        f.sub(o).intoArray(vt, 2 * plane + at);
        o.sub(p).intoArray(vt, 3 * plane + at);
        e = e1.add(e2); f = f1.add(f2); o = o1.add(o2); p = p1.add(p2);
        e.sub(f).intoArray(vt, 4 * plane + at);
        o.add(f).intoArray(vt, 5 * plane + at);
        f.sub(o).intoArray(vt, 6 * plane + at);
        o.sub(p).intoArray(vt, 7 * plane + at);
        e = e2.sub(e1); f = f2.sub(f1); o = o2.sub(o1); p = p2.sub(p1);
        e.sub(f).intoArray(vt, 8 * plane + at);
        o.add(f).intoArray(vt, 9 * plane + at);
        f.sub(o).intoArray(vt, 10 * plane + at);
        o.sub(p).intoArray(vt, 11 * plane + at);
        e = e1.sub(e3); f = f1.sub(f3); o = o1.sub(o3); p = p1.sub(p3);
        e.sub(f).intoArray(vt, 12 * plane + at);
        o.add(f).intoArray(vt, 13 * plane + at);
        f.sub(o).intoArray(vt, 14 * plane + at);
        o.sub(p).intoArray(vt, 15 * plane + at);
    }

    /** A strip of NR tiles one at a time, rounding exactly as {@link #tilesVector}. */
    private static void tilesScalar(float[] rowBuf, int rb, int stride, float[] vt, int at, int plane) {
        for (int q = 0; q < NR; q++) {
            float[] e = new float[4], f = new float[4], o = new float[4], p = new float[4];
            for (int k = 0; k < 4; k++) {
                int row = 2 * k * stride + rb + q;
                e[k] = rowBuf[row];
                f[k] = rowBuf[row + 1];
                o[k] = rowBuf[row + stride];
                p[k] = rowBuf[row + stride + 1];
            }
            for (int i = 0; i < 4; i++) {
                int a = i == 0 ? 0 : 1, b = i == 3 ? 3 : 2;   // row i of B^T: d_a - d_b, d_a + d_b, d_b - d_a, d_a - d_b
                float ei = i == 1 ? e[a] + e[b] : i == 2 ? e[b] - e[a] : e[a] - e[b];
                float fi = i == 1 ? f[a] + f[b] : i == 2 ? f[b] - f[a] : f[a] - f[b];
                float oi = i == 1 ? o[a] + o[b] : i == 2 ? o[b] - o[a] : o[a] - o[b];
                float pi = i == 1 ? p[a] + p[b] : i == 2 ? p[b] - p[a] : p[a] - p[b];
                int v = 4 * i * plane + at + q;
                vt[v] = ei - fi;
                vt[v + plane] = oi + fi;
                vt[v + 2 * plane] = fi - oi;
                vt[v + 3 * plane] = oi - pi;
            }
        }
    }

    /** Even and odd columns of padded row iy (zeros outside the image) into buf[even + k], buf[odd + k], k < count. */
    static void split(float[] x, int img, int iy, int h, int w, int pw, int count, float[] buf, int even, int odd) {
        if (iy < 0 || iy >= h) {
            java.util.Arrays.fill(buf, even, even + count, 0f);
            java.util.Arrays.fill(buf, odd, odd + count, 0f);
            return;
        }
        int row = img + iy * w;
        // even column k is input column 2k - pw, odd column k is 2k + 1 - pw: zero outside [0, w)
        int evenFrom = Math.min(count, (pw + 1) / 2), evenTo = Math.max(evenFrom, Math.min(count, (w + pw + 1) / 2));
        int oddFrom = Math.min(count, pw / 2), oddTo = Math.max(oddFrom, Math.min(count, (w + pw) / 2));
        // plain loops: the zero runs are 0 to 2 long, too short for Arrays.fill's call to pay
        for (int k = 0; k < evenFrom; k++) buf[even + k] = 0f;
        for (int k = evenFrom, xi = row + 2 * evenFrom - pw; k < evenTo; k++, xi += 2) buf[even + k] = x[xi];
        for (int k = evenTo; k < count; k++) buf[even + k] = 0f;
        for (int k = 0; k < oddFrom; k++) buf[odd + k] = 0f;
        for (int k = oddFrom, xi = row + 2 * oddFrom + 1 - pw; k < oddTo; k++, xi += 2) buf[odd + k] = x[xi];
        for (int k = oddTo; k < count; k++) buf[odd + k] = 0f;
    }

    /** out[n][oc] tiles of the chunk's rows from M[e][oc][t]: y = A^T m A, dropping each row's extra tile and the edge overhang. */
    private static void transformOutput(ConvGeometry g, float[] mt, int plane, int oc, int r0, int r1, int th, int tw,
                                        float[] tiles, float[] out, int cols) {
        int base = oc * cols, j = 0;
        if (!Simd.SCALAR) {
            for (; j < cols; j += L) {   // cols (the chunk's width rounded to strips) is a whole number of vectors
                // written out, not looped over col: vectors carried across loop iterations get boxed
                int at = base + j;
                FloatVector m00 = FloatVector.fromArray(S, mt, at), m01 = FloatVector.fromArray(S, mt, plane + at);
                FloatVector m02 = FloatVector.fromArray(S, mt, 2 * plane + at), m03 = FloatVector.fromArray(S, mt, 3 * plane + at);
                FloatVector m10 = FloatVector.fromArray(S, mt, 4 * plane + at), m11 = FloatVector.fromArray(S, mt, 5 * plane + at);
                FloatVector m12 = FloatVector.fromArray(S, mt, 6 * plane + at), m13 = FloatVector.fromArray(S, mt, 7 * plane + at);
                FloatVector m20 = FloatVector.fromArray(S, mt, 8 * plane + at), m21 = FloatVector.fromArray(S, mt, 9 * plane + at);
                FloatVector m22 = FloatVector.fromArray(S, mt, 10 * plane + at), m23 = FloatVector.fromArray(S, mt, 11 * plane + at);
                FloatVector m30 = FloatVector.fromArray(S, mt, 12 * plane + at), m31 = FloatVector.fromArray(S, mt, 13 * plane + at);
                FloatVector m32 = FloatVector.fromArray(S, mt, 14 * plane + at), m33 = FloatVector.fromArray(S, mt, 15 * plane + at);
                FloatVector s0 = m00.add(m10).add(m20), s1 = m01.add(m11).add(m21), s2 = m02.add(m12).add(m22), s3 = m03.add(m13).add(m23);
                FloatVector d0 = m10.sub(m20).sub(m30), d1 = m11.sub(m21).sub(m31), d2 = m12.sub(m22).sub(m32), d3 = m13.sub(m23).sub(m33);
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
