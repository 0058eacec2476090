package facet.kernels.cpu;

import facet.kernels.ConvGeometry;

import static facet.kernels.cpu.GemmKernel.MR;
import static facet.kernels.cpu.GemmKernel.NR;

/**
 * 2-d convolution (cross-correlation, as every framework computes it) as GEMM over an implicit
 * im2col matrix: the packers below read the image directly into the micro-kernel's layout, so
 * the (C/groups * KH * KW) x (OH * OW) column matrix never exists in memory.
 *
 * <p>Layout: x (N, C, H, W), w (O, C/groups, KH, KW), out (N, O, OH, OW), all contiguous.
 * Per group, with K = C/groups * KH * KW and P = OH * OW:
 * <ul>
 *   <li>forward: out_n (O/g x P) = W (O/g x K) col_n (K x P), images in parallel;</li>
 *   <li>backward input: col (K x tile) = W^T dOut_n[:, tile], then scattered back into dX
 *       (col2im) one pixel tile at a time, images in parallel;</li>
 *   <li>backward weight: dW (O/g x K) = dOut (O/g x N*P) col^T (N*P x K): the batch is part of
 *       the reduction, so one GEMM covers all images and splits across threads itself.</li>
 * </ul>
 * Flops: 2 * {@link ConvGeometry#macs()} per pass.
 */
public final class Conv2d {
    private Conv2d() {}

    /** out = conv(x, w). */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] out) {
        int p = g.oh() * g.ow(), kk = g.patch(), og = g.og();
        Gemm.Variant v = Gemm.defaultVariant();
        Parallel.forRange(g.n(), n -> {
            for (int gr = 0; gr < g.groups(); gr++) {
                Gemm.gemm(v, og, p, kk, Gemm.strided(w, gr * og * kk, kk, 1), new Columns(g, x, n, gr),
                        out, (n * g.o() + gr * og) * p, p, false);
            }
        });
    }

    /** dX = conv^T(dOut, w), by pixel tiles of the column matrix. */
    public static void backwardInput(ConvGeometry g, float[] dOut, float[] w, float[] dX) {
        int p = g.oh() * g.ow(), kk = g.patch(), og = g.og();
        int tile = Math.max(NR, (64 * 1024 / kk) / NR * NR);      // a K x tile column block of ~256 KiB
        Gemm.Variant v = Gemm.defaultVariant();
        Parallel.forRange(g.n(), n -> {
            java.util.Arrays.fill(dX, n * g.c() * g.h() * g.w(), (n + 1) * g.c() * g.h() * g.w(), 0f);
            float[] col = Scratch.floats(Scratch.Slot.CONV_COL, kk * tile);
            for (int gr = 0; gr < g.groups(); gr++) {
                for (int j0 = 0; j0 < p; j0 += tile) {
                    int cols = Math.min(tile, p - j0);
                    Gemm.gemm(v, kk, cols, og, Gemm.strided(w, gr * og * kk, 1, kk),
                            Gemm.strided(dOut, (n * g.o() + gr * og) * p + j0, p, 1), col, 0, cols, false);
                    col2im(g, col, cols, n, gr, j0, dX);
                }
            }
        });
    }

    /**
     * dW = dOut col^T summed over the batch, computed as its transpose dW^T (K x O/g) = col (K x N*P)
     * dOut^T (N*P x O/g): one GEMM per group whose reduction runs over every image, with col as the
     * left operand so it packs in contiguous runs along output rows.
     */
    public static void backwardWeight(ConvGeometry g, float[] x, float[] dOut, float[] dW) {
        int p = g.oh() * g.ow(), kk = g.patch(), og = g.og();
        Gemm.Variant v = Gemm.defaultVariant();
        float[] dWt = Scratch.floats(Scratch.Slot.CONV_COL, kk * og);
        for (int gr = 0; gr < g.groups(); gr++) {
            Gemm.gemm(v, kk, og, g.n() * p, new ColumnRows(g, x, gr), new OutputColumns(g, dOut, gr), dWt, 0, og, false);
            for (int i = 0; i < og; i++) {
                for (int r = 0; r < kk; r++) dW[(gr * og + i) * kk + r] = dWt[r * og + i];
            }
        }
    }

    /** dX[n, group*cg + ci, iy, ix] += col[r][j] for kernel index r = (ci, ki, kj) and output pixel j0 + j. */
    static void col2im(ConvGeometry g, float[] col, int cols, int n, int group, int j0, float[] dX) {
        int ow = g.ow(), h = g.h(), w = g.w();
        for (int r = 0; r < g.patch(); r++) {
            int kj = r % g.kw(), ki = (r / g.kw()) % g.kh(), ci = r / (g.kw() * g.kh());
            int plane = ((n * g.c()) + group * g.cg() + ci) * h * w;
            for (int j = 0; j < cols; j++) {
                int oy = (j0 + j) / ow, ox = (j0 + j) % ow;
                int iy = oy * g.sh() - g.ph() + ki * g.dh(), ix = ox * g.sw() - g.pw() + kj * g.dw();
                if (iy >= 0 && iy < h && ix >= 0 && ix < w) dX[plane + iy * w + ix] += col[r * cols + j];
            }
        }
    }

    /**
     * dst[d + e*ds] = col_n[r][pix0 + e] for e < count: the input pixel that kernel tap
     * r = (ci, ki, kj) of group gr reads for output pixels pix0.. of image n, 0 in the padding.
     * Along one output row the taps are evenly spaced (stride sw), so this runs row segment by segment.
     */
    static void taps(ConvGeometry g, float[] x, int n, int gr, int r, int pix0, int count, float[] dst, int d, int ds) {
        int ow = g.ow(), h = g.h(), w = g.w(), sw = g.sw();
        int kj = r % g.kw(), ki = (r / g.kw()) % g.kh(), ci = r / (g.kw() * g.kh());
        int plane = ((n * g.c()) + gr * g.cg() + ci) * h * w;
        for (int e = 0; e < count; ) {
            int oy = (pix0 + e) / ow, ox = (pix0 + e) % ow, run = Math.min(count - e, ow - ox);
            int iy = oy * g.sh() - g.ph() + ki * g.dh(), ix = ox * sw - g.pw() + kj * g.dw();
            if (iy < 0 || iy >= h) {
                for (int q = 0; q < run; q++) dst[d + (e + q) * ds] = 0f;
            } else {
                int row = plane + iy * w;
                for (int q = 0; q < run; q++, ix += sw) dst[d + (e + q) * ds] = ix >= 0 && ix < w ? x[row + ix] : 0f;
            }
            e += run;
        }
    }

    /** The column matrix of image n, group gr, as GEMM's right operand (K x P). */
    record Columns(ConvGeometry g, float[] x, int n, int gr) implements Gemm.PackB {
        @Override public void packB(int p0, int kc, int j0, int cols, float[] dst, int o) {
            for (int p = 0; p < kc; p++) {
                taps(g, x, n, gr, p0 + p, j0, cols, dst, o + p * NR, 1);
                java.util.Arrays.fill(dst, o + p * NR + cols, o + (p + 1) * NR, 0f);
            }
        }
    }

    /** The column matrices of the whole batch side by side, as GEMM's left operand (K x N*P). */
    record ColumnRows(ConvGeometry g, float[] x, int gr) implements Gemm.PackA {
        @Override public void packA(int i0, int rows, int p0, int kc, float[] dst, int o) {
            int ohw = g.oh() * g.ow();
            for (int r = 0; r < MR; r++) {
                if (r >= rows) {
                    for (int p = 0; p < kc; p++) dst[o + p * MR + r] = 0f;
                    continue;
                }
                for (int p = 0; p < kc; ) {              // one image at a time
                    int q = p0 + p, n = q / ohw, pix = q % ohw, run = Math.min(kc - p, ohw - pix);
                    taps(g, x, n, gr, i0 + r, pix, run, dst, o + p * MR + r, MR);
                    p += run;
                }
            }
        }
    }

    /** dOut of group gr over the whole batch, transposed: B[q][i] = dOut[q / P, gr*og + i, q % P]. */
    record OutputColumns(ConvGeometry g, float[] dOut, int gr) implements Gemm.PackB {
        @Override public void packB(int p0, int kc, int j0, int cols, float[] dst, int o) {
            int ohw = g.oh() * g.ow();
            for (int p = 0; p < kc; p++) {
                int q = p0 + p, n = q / ohw, pix = q % ohw, d = o + p * NR;
                int src = (n * g.o() + gr * g.og() + j0) * ohw + pix;
                for (int j = 0; j < cols; j++) dst[d + j] = dOut[src + j * ohw];
                for (int j = cols; j < NR; j++) dst[d + j] = 0f;
            }
        }
    }
}
