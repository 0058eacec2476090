package facet.kernels.cpu;

import facet.kernels.ConvGeometry;
import facet.kernels.plan.KernelPlans;

import static facet.kernels.cpu.GemmKernel.MR;
import static facet.kernels.cpu.GemmKernel.NR;

/**
 * 2-d convolution (cross-correlation, as every framework computes it) as GEMM over an implicit
 * im2col matrix: the packers read the image (or a zero-padded copy of the batch, {@link PaddedBatch})
 * straight into the micro-kernel's layout, so the (C/groups * KH * KW) x (N * OH * OW) column
 * matrix never exists in memory.
 *
 * <p>Layout: x (N, C, H, W), w (O, C/groups, KH, KW), out (N, O, OH, OW), all contiguous.
 * Per group, with K = C/groups * KH * KW and P = OH * OW:
 * <ul>
 *   <li>forward: 3x3 stride 1 with many channels {@link Winograd}; at stride 1 on wide images {@link ConvDirect}; on small outputs out (O/g x N*P) =
 *       W (O/g x K) col (K x N*P), one GEMM over the whole batch, then reordered to (N, O, P);
 *       otherwise out_n (O/g x P) = W col_n (K x P), images in parallel;</li>
 *   <li>backward input: at stride 1 a convolution with flipped weights (by {@link Winograd} or {@link ConvDirect});
 *       otherwise col (K x chunk) = W^T dOut[:, chunk] over chunks of the batch's pixels,
 *       scattered back into dX (col2im) image by image in parallel;</li>
 *   <li>backward weight: 3x3 stride 1 with many channels {@link WinogradWeights}; at stride 1 on
 *       wide images {@link ConvDirect}; otherwise dW (O/g x K)
 *       = dOut (O/g x N*P) col^T with the columns gathered as in the forward: the batch is part
 *       of the reduction, so one GEMM covers all images.</li>
 * </ul>
 * Flops: 2 * {@link ConvGeometry#macs()} per pass.
 */
public final class Conv2d {
    private Conv2d() {}

    /**
     * The algorithm a pass takes, decided from the geometry (and, for the weight gradient, the
     * thread count) alone; tests assert it, so a retuned threshold cannot quietly turn one path's
     * test into a copy of another's.
     */
    public enum Path { WINOGRAD, DIRECT, GEMM_BATCHED, GEMM_PER_IMAGE, GEMM }

    public static Path forwardPath(ConvGeometry g) {
        if (Winograd.applies(g)) return Path.WINOGRAD;
        if (ConvDirect.applies(g)) return Path.DIRECT;
        return g.oh() * g.ow() <= BATCHED_MAX_PIXELS ? Path.GEMM_BATCHED : Path.GEMM_PER_IMAGE;
    }

    public static Path backwardInputPath(ConvGeometry g) {
        ConvGeometry t = ConvDirect.transposed(g);
        if (t != null && Winograd.applies(t)) return Path.WINOGRAD;
        return t != null && ConvDirect.applies(t) ? Path.DIRECT : Path.GEMM;
    }

    public static Path backwardWeightPath(ConvGeometry g) {
        if (WinogradWeights.applies(g)) return Path.WINOGRAD;
        return ConvDirect.appliesToWeights(g) ? Path.DIRECT : Path.GEMM;
    }

    /** out = conv(x, w). */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] out) {
        Gemm.Variant v = Gemm.defaultVariant();
        switch (forwardPath(g)) {
            case WINOGRAD -> Winograd.forward(g, x, w, false, out);
            case DIRECT -> ConvDirect.forward(g, x, w, out);
            case GEMM_BATCHED -> forwardBatched(g, x, w, out, v);
            default -> forwardPerImage(g, x, w, out, v);
        }
    }

    /** out_n (O/g x P) = W (O/g x K) col_n (K x P), images in parallel. */
    private static void forwardPerImage(ConvGeometry g, float[] x, float[] w, float[] out, Gemm.Variant v) {
        int p = g.oh() * g.ow(), kk = g.patch(), og = g.og();
        Parallel.forRange(g.n(), n -> {
            for (int gr = 0; gr < g.groups(); gr++) {
                Gemm.gemm(v, og, p, kk, Gemm.rowMajor(w, gr * og * kk, kk), new Columns(g, x, n, gr),
                        Gemm.Out.into(out, (n * g.o() + gr * og) * p, p));
            }
        });
    }

    /**
     * Output images of at most this many pixels are computed as one GEMM over the batch: one image
     * alone gives the GEMM too few columns to reuse each packed weight panel, and the columns are
     * gathered from a padded copy of the batch. Larger images pay more for that copy than they
     * gain (measured with ./facet bench conv: 8x8 46 -> 39 ms, 16x16 27 -> 21 ms, 32x32 26 -> 44 ms).
     */
    static final int BATCHED_MAX_PIXELS = KernelPlans.current().conv().batchedMaxPixels();

    /** out (O/g x N*P) = W (O/g x K) col (K x N*P), one GEMM per group over the whole batch, then reordered to (N, O, P). */
    private static void forwardBatched(ConvGeometry g, float[] x, float[] w, float[] out, Gemm.Variant v) {
        int p = g.oh() * g.ow(), kk = g.patch(), og = g.og(), np = g.n() * p;
        PaddedBatch cols = PaddedBatch.of(g, x);
        float[] wide = Scratch.floats(Scratch.Slot.CONV_COL, og * np);
        for (int gr = 0; gr < g.groups(); gr++) {
            Gemm.gemm(v, og, np, kk, Gemm.rowMajor(w, gr * og * kk, kk), cols.columns(gr), Gemm.Out.into(wide, 0, np));
            int grp = gr;
            Parallel.forRange(g.n(), (long) og * p, n -> {
                for (int o = 0; o < og; o++) System.arraycopy(wide, o * np + n * p, out, (n * g.o() + grp * og + o) * p, p);
            });
        }
    }

    /**
     * dX = conv^T(dOut, w). Stride 1 is a convolution with flipped weights (Winograd reads w in
     * place; the direct path takes a flipped copy); otherwise
     * col (K x chunk) = W^T dOut[:, chunk] over chunks of the batch's pixels, each scattered back
     * into dX (col2im). Chunks span images, so W^T is packed once per chunk, not per image.
     */
    public static void backwardInput(ConvGeometry g, float[] dOut, float[] w, float[] dX) {
        switch (backwardInputPath(g)) {
            case WINOGRAD -> Winograd.forward(ConvDirect.transposed(g), dOut, w, true, dX);
            case DIRECT -> ConvDirect.forward(ConvDirect.transposed(g), dOut, ConvDirect.flipped(g, w), dX);
            default -> backwardInputGemm(g, dOut, w, dX);
        }
    }

    private static void backwardInputGemm(ConvGeometry g, float[] dOut, float[] w, float[] dX) {
        int p = g.oh() * g.ow(), kk = g.patch(), og = g.og(), total = g.n() * p;
        int chunk = Math.max(NR, (1 << 21) / kk / NR * NR);     // a K x chunk column block of ~8 MiB
        Gemm.Variant v = Gemm.defaultVariant();
        java.util.Arrays.fill(dX, 0, g.n() * g.c() * g.h() * g.w(), 0f);
        float[] col = Scratch.floats(Scratch.Slot.CONV_COL, kk * Math.min(chunk, total));
        for (int gr = 0; gr < g.groups(); gr++) {
            for (int q0 = 0; q0 < total; q0 += chunk) {
                int cols = Math.min(chunk, total - q0);
                Gemm.gemm(v, kk, cols, og, Gemm.rowMajor(w, gr * og * kk, kk).transposed(), new OutputPixels(g, dOut, gr, q0),
                        Gemm.Out.into(col, 0, cols));
                int first = q0 / p, last = (q0 + cols - 1) / p, grp = gr, start = q0;
                Parallel.forRange(last - first + 1, (long) kk * cols, i -> col2im(g, col, cols, first + i, grp, start, dX));
            }
        }
    }

    /**
     * dW = dOut col^T summed over the batch: dW (O/g x K) = dOut (O/g x N*P) col^T (N*P x K), one GEMM
     * per group whose reduction runs over every image, the columns gathered from a padded copy of
     * the batch (measured against the former dW^T = col dOut^T with a scalar packer: 8x8 51 -> 30 ms,
     * the 64x64 stem 10.5 -> 6.4 ms).
     */
    public static void backwardWeight(ConvGeometry g, float[] x, float[] dOut, float[] dW) {
        switch (backwardWeightPath(g)) {
            case WINOGRAD -> WinogradWeights.backward(g, x, dOut, dW);
            case DIRECT -> ConvDirect.backwardWeight(g, x, dOut, dW);
            default -> backwardWeightGemm(g, x, dOut, dW);
        }
    }

    private static void backwardWeightGemm(ConvGeometry g, float[] x, float[] dOut, float[] dW) {
        int p = g.oh() * g.ow(), kk = g.patch(), og = g.og();
        Gemm.Variant v = Gemm.defaultVariant();
        PaddedBatch cols = PaddedBatch.of(g, x);
        for (int gr = 0; gr < g.groups(); gr++) {
            Gemm.gemm(v, og, kk, g.n() * p, new OutputRows(g, dOut, gr), cols.columnsTransposed(gr), Gemm.Out.into(dW, gr * og * kk, kk));
        }
    }

    /**
     * dX[n, group*cg + ci, iy, ix] += col[r][q - q0] for kernel tap r = (ci, ki, kj) and each batch
     * pixel q = n * P + (oy * OW + ox) of image n inside the chunk starting at q0. Runs along one
     * output row at a time, with the columns that land in the padding cut off up front, so the
     * inner loop is a plain strided add (a per-pixel divide and bounds test cost it 3x).
     */
    static void col2im(ConvGeometry g, float[] col, int cols, int n, int group, int q0, float[] dX) {
        int ow = g.ow(), h = g.h(), w = g.w(), sw = g.sw(), p = g.oh() * ow;
        int from = Math.max(q0, n * p), to = Math.min(q0 + cols, (n + 1) * p);
        for (int r = 0; r < g.patch(); r++) {
            int kj = r % g.kw(), ki = (r / g.kw()) % g.kh(), ci = r / (g.kw() * g.kh());
            int plane = ((n * g.c()) + group * g.cg() + ci) * h * w, row = r * cols - q0;
            int ix0 = kj * g.dw() - g.pw();                        // ix = ox * sw + ix0
            int oxLo = Math.max(0, Math.ceilDiv(-ix0, sw)), oxHi = Math.min(ow, Math.floorDiv(w - 1 - ix0, sw) + 1);
            for (int q = from; q < to; ) {
                int pix = q - n * p, oy = pix / ow, ox = pix % ow, run = Math.min(to - q, ow - ox);
                int iy = oy * g.sh() - g.ph() + ki * g.dh();
                if (iy >= 0 && iy < h) {
                    int dst = plane + iy * w + ix0, src = row + q - ox;
                    for (int e = Math.max(ox, oxLo), end = Math.min(ox + run, oxHi); e < end; e++) dX[dst + e * sw] += col[src + e];
                }
                q += run;
            }
        }
    }

    /**
     * dst[d + e] = col_n[r][pix0 + e] for e < count: the input pixel that kernel tap
     * r = (ci, ki, kj) of group gr reads for output pixels pix0.. of image n, 0 in the padding.
     * Along one output row the taps are evenly spaced (stride sw), so this runs row segment by segment.
     */
    static void taps(ConvGeometry g, float[] x, int n, int gr, int r, int pix0, int count, float[] dst, int d) {
        int ow = g.ow(), h = g.h(), w = g.w(), sw = g.sw();
        int kj = r % g.kw(), ki = (r / g.kw()) % g.kh(), ci = r / (g.kw() * g.kh());
        int plane = ((n * g.c()) + gr * g.cg() + ci) * h * w;
        for (int e = 0; e < count; ) {
            int oy = (pix0 + e) / ow, ox = (pix0 + e) % ow, run = Math.min(count - e, ow - ox);
            int iy = oy * g.sh() - g.ph() + ki * g.dh(), ix = ox * sw - g.pw() + kj * g.dw();
            if (iy < 0 || iy >= h) {
                java.util.Arrays.fill(dst, d + e, d + e + run, 0f);
            } else {
                int row = plane + iy * w;
                for (int q = 0; q < run; q++, ix += sw) dst[d + e + q] = ix >= 0 && ix < w ? x[row + ix] : 0f;
            }
            e += run;
        }
    }

    /** The column matrix of image n, group gr, as GEMM's right operand (K x P). */
    record Columns(ConvGeometry g, float[] x, int n, int gr) implements Gemm.PackB {
        @Override public void packB(int p0, int kc, int j0, int cols, float[] dst, int o) {
            for (int p = 0; p < kc; p++) {
                taps(g, x, n, gr, p0 + p, j0, cols, dst, o + p * NR);
                java.util.Arrays.fill(dst, o + p * NR + cols, o + (p + 1) * NR, 0f);
            }
        }
    }

    /** dOut of group gr as an (O/g x N*P) matrix from batch pixel q0 on: B[o][j] = dOut[q / P, gr*og + o, q % P], q = q0 + j. */
    record OutputPixels(ConvGeometry g, float[] dOut, int gr, int q0) implements Gemm.PackB {
        @Override public void packB(int p0, int kc, int j0, int cols, float[] dst, int o) {
            int ohw = g.oh() * g.ow();
            for (int p = 0; p < kc; p++) {
                int d = o + p * NR, ch = gr * g.og() + p0 + p;
                for (int j = 0; j < cols; ) {             // runs within one image are contiguous
                    int q = q0 + j0 + j, n = q / ohw, pix = q % ohw, run = Math.min(cols - j, ohw - pix);
                    System.arraycopy(dOut, (n * g.o() + ch) * ohw + pix, dst, d + j, run);
                    j += run;
                }
                java.util.Arrays.fill(dst, d + cols, d + NR, 0f);
            }
        }
    }

    /** dOut of group gr over the whole batch as GEMM's left operand (O/g x N*P): A[i][q] = dOut[q / P, gr*og + i, q % P]. */
    record OutputRows(ConvGeometry g, float[] dOut, int gr) implements Gemm.PackA {
        @Override public void packA(int i0, int rows, int p0, int kc, float[] dst, int o) {
            int ohw = g.oh() * g.ow();
            for (int r = 0; r < MR; r++) {
                if (r >= rows) {
                    for (int p = 0; p < kc; p++) dst[o + p * MR + r] = 0f;
                    continue;
                }
                for (int p = 0; p < kc; ) {              // runs within one image are contiguous
                    int q = p0 + p, n = q / ohw, pix = q % ohw, run = Math.min(kc - p, ohw - pix);
                    int src = (n * g.o() + gr * g.og() + i0 + r) * ohw + pix;
                    for (int e = 0; e < run; e++) dst[o + (p + e) * MR + r] = dOut[src + e];
                    p += run;
                }
            }
        }
    }
}
