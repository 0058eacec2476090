package facet.kernels.cpu;

import facet.kernels.ConvGeometry;
import facet.kernels.plan.KernelPlans;

import static facet.kernels.cpu.GemmKernel.MR;
import static facet.kernels.cpu.GemmKernel.NR;

/**
 * Stride-1 convolution with no im2col packing at all. The image is copied once into a
 * zero-padded buffer (C, H + 2PH, W + 2PW); on that grid, kernel tap r = (ci, ki, kj) of output
 * pixel q = oy * Wp + ox is the element at tap[r] + q, so for NR consecutive q the column matrix
 * is NR consecutive floats, and the micro-kernel reads them in place.
 *
 * <p>The GEMM runs over the padded-width output grid (OH x Wp, rounded up to NR): its columns
 * ox >= OW are computed and dropped, a waste of (Wp - OW) / Wp (3% at 64x64, 11% at 16x16, 20% at 8x8).
 * Weights are packed once per call into MR-row slivers; images run in parallel.
 * Flops: 2 * {@link ConvGeometry#macs()}, plus the waste above.
 */
final class ConvDirect {
    private ConvDirect() {}

    /**
     * The forward's waste limit, 1/4 in the AVX512 plan, counting the grid's rounding up to whole
     * strips: the direct path wins there (see ./facet bench conv). At 8x8 the grid is 80 columns
     * rounded to 96 for 64 kept, a third wasted, and the packed GEMM is faster.
     */
    static final int WASTE = KernelPlans.current().conv().directWaste();
    /**
     * The weight gradient's, 1/8 in the AVX512 plan: it pays the waste on its reduction with less
     * to gain. It also parallelises over slivers of input channels, so it needs one per thread.
     */
    static final int WEIGHTS_WASTE = KernelPlans.current().conv().directWeightsWaste();

    /** Stride 1 and at most 1/WASTE of the padded grid wasted. */
    static boolean applies(ConvGeometry g) {
        int wp = g.w() + 2 * g.pw(), wide = roundUp(g.oh() * wp, NR), kept = g.oh() * g.ow();
        return g.sh() == 1 && g.sw() == 1 && WASTE * (wide - kept) <= wide;
    }

    /** Stride 1, at most 1/WEIGHTS_WASTE of each padded row wasted, and a sliver of input channels per thread. */
    static boolean appliesToWeights(ConvGeometry g) {
        int wp = g.w() + 2 * g.pw();
        return g.sh() == 1 && g.sw() == 1 && WEIGHTS_WASTE * (wp - g.ow()) <= wp
                && g.groups() * ((g.cg() + MR - 1) / MR) >= Parallel.threads();
    }

    static void forward(ConvGeometry g, float[] x, float[] w, float[] out) {
        int hp = g.h() + 2 * g.ph(), wp = g.w() + 2 * g.pw(), kk = g.patch(), og = g.og();
        int p = g.oh() * g.ow(), wide = roundUp(g.oh() * wp, NR), slivers = (og + MR - 1) / MR;
        int[] tap = new int[kk];
        for (int r = 0; r < kk; r++) {
            int kj = r % g.kw(), ki = (r / g.kw()) % g.kh(), ci = r / (g.kw() * g.kh());
            tap[r] = (ci * hp + ki * g.dh()) * wp + kj * g.dw();
        }
        float[] wpk = Scratch.floats(Scratch.Slot.CONV_W, g.groups() * slivers * kk * MR);
        for (int gr = 0; gr < g.groups(); gr++) {
            Gemm.Strided2d wg = Gemm.rowMajor(w, gr * og * kk, kk);
            for (int s = 0; s < slivers; s++) wg.packA(s * MR, Math.min(MR, og - s * MR), 0, kk, wpk, (gr * slivers + s) * kk * MR);
        }
        boolean scalar = Gemm.defaultVariant() == Gemm.Variant.SCALAR;
        Parallel.forRange(g.n(), n -> {
            float[] xp = Scratch.floats(Scratch.Slot.CONV_PAD, g.c() * hp * wp + wide);
            float[] acc = Scratch.floats(Scratch.Slot.CONV_WIDE, slivers * MR * wide);
            pad(g, x, n, xp, hp, wp);
            for (int gr = 0; gr < g.groups(); gr++) {
                int xBase = gr * g.cg() * hp * wp;
                for (int pc = 0; pc < kk; pc += Gemm.KC) {
                    int kc = Math.min(Gemm.KC, kk - pc);
                    for (int q = 0; q < wide; q += NR) {
                        for (int s = 0; s < slivers; s++) {
                            int a = ((gr * slivers + s) * kk + pc) * MR, ci = s * MR * wide + q;
                            float[] addend = pc > 0 ? acc : null;   // later slabs accumulate
                            if (scalar) GemmKernel.scalarTaps(kc, wpk, a, xp, tap, pc, xBase + q, acc, ci, wide, addend, ci, wide);
                            else GemmKernel.vectorTaps(kc, wpk, a, xp, tap, pc, xBase + q, acc, ci, wide, addend, ci, wide);
                        }
                    }
                }
                for (int o = 0; o < og; o++) {                    // drop the padded-width columns
                    int dst = (n * g.o() + gr * og + o) * p;
                    for (int oy = 0; oy < g.oh(); oy++) System.arraycopy(acc, o * wide + oy * wp, out, dst + oy * g.ow(), g.ow());
                }
            }
        });
    }

    /**
     * dW of a stride-1 convolution, one kernel tap at a time but from shared packing. On the
     * padded grid, tap t = (ki, kj) of channel ci at output pixel q is xp[ci][q + shift_t], so
     * dW[o][ci][t] = sum over images and q of dOut[o][q] * xp[ci][q + shift_t]: per tap a GEMM
     * (C/g x O/g) with reduction over pixels whose left operand is the same packed image shifted
     * by shift_t rows of the packing. Each image is packed once for all KH*KW taps; threads own
     * slivers of input channels (rows of dW^T), so they never write the same output.
     */
    static void backwardWeight(ConvGeometry g, float[] x, float[] dOut, float[] dW) {
        int hp = g.h() + 2 * g.ph(), wp = g.w() + 2 * g.pw(), cg = g.cg(), og = g.og(), taps = g.kh() * g.kw();
        int wide = g.oh() * wp, maxShift = (g.kh() - 1) * g.dh() * wp + (g.kw() - 1) * g.dw();
        int slivers = (cg + MR - 1) / MR, strips = (og + NR - 1) / NR, kk = g.patch();
        int[] shift = new int[taps];
        for (int t = 0; t < taps; t++) shift[t] = (t / g.kw()) * g.dh() * wp + (t % g.kw()) * g.dw();
        float[] dWt = Scratch.floats(Scratch.Slot.CONV_W, g.groups() * kk * og);   // [gr][ci][t][o]
        java.util.Arrays.fill(dWt, 0, g.groups() * kk * og, 0f);
        boolean scalar = Gemm.defaultVariant() == Gemm.Variant.SCALAR;
        int units = g.groups() * slivers, parts = Math.min(Parallel.threads(), units);   // a unit: one sliver of one group
        Parallel.forRange(parts, part -> {
            float[] ap = Scratch.floats(Scratch.Slot.GEMM_A, (Gemm.KC + maxShift) * MR);
            float[] bp = Scratch.floats(Scratch.Slot.GEMM_B, strips * Gemm.KC * NR);
            float[] tile = Scratch.floats(Scratch.Slot.GEMM_TILE, MR * NR);
            int u0 = units * part / parts, u1 = units * (part + 1) / parts;
            for (int gr = u0 / slivers; gr <= (u1 - 1) / slivers; gr++) {
                int s0 = Math.max(u0 - gr * slivers, 0), s1 = Math.min(u1 - gr * slivers, slivers);
                for (int n = 0; n < g.n(); n++) {
                    for (int q0 = 0; q0 < wide; q0 += Gemm.KC) {
                        int kc = Math.min(Gemm.KC, wide - q0);
                        for (int t = 0; t < strips; t++) packOutput(g, dOut, n, gr, q0, kc, t * NR, Math.min(NR, og - t * NR), wp, bp, t * kc * NR);
                        for (int s = s0; s < s1; s++) {
                            int rows = Math.min(MR, cg - s * MR);
                            packImage(g, x, n, gr * cg + s * MR, rows, q0, kc + maxShift, hp, wp, ap);
                            for (int tp = 0; tp < taps; tp++) {
                                int a = shift[tp] * MR, base = ((gr * cg + s * MR) * taps + tp) * og, ldc = taps * og;
                                for (int t = 0; t < strips; t++) {
                                    int cols = Math.min(NR, og - t * NR);
                                    if (rows == MR && cols == NR) {
                                        int ci = base + t * NR;
                                        if (scalar) GemmKernel.scalar(kc, ap, a, bp, t * kc * NR, dWt, ci, ldc, dWt, ci, ldc);
                                        else GemmKernel.vector(kc, ap, a, bp, t * kc * NR, dWt, ci, ldc, dWt, ci, ldc);
                                    } else {
                                        if (scalar) GemmKernel.scalar(kc, ap, a, bp, t * kc * NR, tile, 0, NR, null, 0, 0);
                                        else GemmKernel.vector(kc, ap, a, bp, t * kc * NR, tile, 0, NR, null, 0, 0);
                                        for (int r = 0; r < rows; r++) {
                                            for (int j = 0; j < cols; j++) dWt[base + r * ldc + t * NR + j] += tile[r * NR + j];
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        });
        for (int gr = 0; gr < g.groups(); gr++)          // dW[o][ci][t] = dWt[ci][t][o]
            for (int o = 0; o < og; o++)
                for (int r = 0; r < kk; r++) dW[(gr * og + o) * kk + r] = dWt[(gr * kk + r) * og + o];
    }

    /**
     * ap[p*MR + r] = padded image n, channel c0 + r, at grid position q0 + p (rows >= count are 0):
     * the zero padding is produced here, on the fly, one grid row segment at a time.
     */
    private static void packImage(ConvGeometry g, float[] x, int n, int c0, int rows, int q0, int count, int hp, int wp, float[] ap) {
        int h = g.h(), w = g.w();
        for (int r = 0; r < MR; r++) {
            int plane = (n * g.c() + c0 + r) * h * w;
            for (int p = 0; p < count; ) {
                int q = q0 + p, qy = q / wp, qx = q % wp, run = Math.min(count - p, wp - qx), y = qy - g.ph();
                if (r >= rows || qy >= hp || y < 0 || y >= h) {
                    for (int e = 0; e < run; e++) ap[(p + e) * MR + r] = 0f;
                } else {
                    for (int e = 0, xx = qx - g.pw(); e < run; e++, xx++) ap[(p + e) * MR + r] = xx >= 0 && xx < w ? x[plane + y * w + xx] : 0f;
                }
                p += run;
            }
        }
    }

    /** bp[p*NR + j] = dOut[n, gr*og + o0 + j] at padded-grid pixel q0 + p, 0 on the grid's extra columns. */
    private static void packOutput(ConvGeometry g, float[] dOut, int n, int gr, int q0, int kc, int o0, int cols, int wp, float[] bp, int off) {
        int ohw = g.oh() * g.ow(), src0 = (n * g.o() + gr * g.og() + o0) * ohw;
        for (int p = 0; p < kc; ) {
            int q = q0 + p, oy = q / wp, ox = q % wp, run = Math.min(kc - p, wp - ox);
            for (int e = 0; e < run; e++, ox++) {
                int d = off + (p + e) * NR;
                if (ox >= g.ow()) {
                    java.util.Arrays.fill(bp, d, d + NR, 0f);
                } else {
                    for (int j = 0, src = src0 + oy * g.ow() + ox; j < cols; j++) bp[d + j] = dOut[src + j * ohw];
                    for (int j = cols; j < NR; j++) bp[d + j] = 0f;
                }
            }
            p += run;
        }
    }

    /**
     * dX of a stride-1 convolution is itself a stride-1 convolution: of dOut, with the weights
     * flipped in both spatial axes and input/output channels swapped within each group, and
     * padding d(k - 1) - p. Null when that padding would be negative.
     */
    static ConvGeometry transposed(ConvGeometry g) {
        int ph = g.dh() * (g.kh() - 1) - g.ph(), pw = g.dw() * (g.kw() - 1) - g.pw();
        if (g.sh() != 1 || g.sw() != 1 || ph < 0 || pw < 0) return null;
        return ConvGeometry.of(g.n(), g.o(), g.oh(), g.ow(), g.c(), g.kh(), g.kw()).pad(ph, pw).dilation(g.dh(), g.dw()).groups(g.groups());
    }

    /** w' [gr*cg + c][o][ki][kj] = w [gr*og + o][c][KH-1-ki][KW-1-kj]. */
    static float[] flipped(ConvGeometry g, float[] w) {
        int cg = g.cg(), og = g.og(), kh = g.kh(), kw = g.kw();
        float[] t = new float[w.length];
        for (int gr = 0; gr < g.groups(); gr++)
            for (int o = 0; o < og; o++)
                for (int c = 0; c < cg; c++)
                    for (int ki = 0; ki < kh; ki++)
                        for (int kj = 0; kj < kw; kj++) {
                            t[(((gr * cg + c) * og + o) * kh + ki) * kw + kj] = w[(((gr * og + o) * cg + c) * kh + kh - 1 - ki) * kw + kw - 1 - kj];
                        }
        return t;
    }

    /** xp = image n of x, zero-padded by (PH, PW) on every side, plus a zeroed tail the last strips may read. */
    private static void pad(ConvGeometry g, float[] x, int n, float[] xp, int hp, int wp) {
        java.util.Arrays.fill(xp, 0f);
        for (int c = 0; c < g.c(); c++) {
            for (int y = 0; y < g.h(); y++) {
                System.arraycopy(x, ((n * g.c() + c) * g.h() + y) * g.w(), xp, (c * hp + y + g.ph()) * wp + g.pw(), g.w());
            }
        }
    }

    private static int roundUp(int x, int to) { return (x + to - 1) / to * to; }
}
