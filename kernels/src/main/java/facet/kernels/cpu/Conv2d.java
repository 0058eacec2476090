package facet.kernels.cpu;

import facet.kernels.ConvGeometry;

/**
 * 2-d convolution (cross-correlation, as every framework computes it) by im2col + GEMM, one
 * image and one group at a time, with one column buffer reused for the whole call.
 *
 * <p>Layout: x (N, C, H, W), w (O, C/groups, KH, KW), out (N, O, OH, OW), all contiguous.
 * The column matrix of one group is (cg*KH*KW, OH*OW). Flops: 2 * {@link ConvGeometry#macs()}
 * per pass; the backward passes cost the same as the forward.
 */
public final class Conv2d {
    private Conv2d() {}

    /** out = conv(x, w). */
    public static void forward(ConvGeometry g, float[] x, float[] w, float[] out) {
        int ohw = g.oh() * g.ow(), kk = g.patch(), og = g.og();
        float[] col = new float[kk * ohw];
        for (int n = 0; n < g.n(); n++) {
            for (int gr = 0; gr < g.groups(); gr++) {
                im2col(g, x, n, gr, col);
                Gemm.gemm(og, ohw, kk, w, gr * og * kk, kk, 1, col, 0, ohw, 1,
                        out, (n * g.o() + gr * og) * ohw, ohw, false);
            }
        }
    }

    /** dX = conv^T(dOut, w): per group, col = W^T dOut, then col2im adds the columns back. */
    public static void backwardInput(ConvGeometry g, float[] dOut, float[] w, float[] dX) {
        int ohw = g.oh() * g.ow(), kk = g.patch(), og = g.og();
        float[] col = new float[kk * ohw];
        java.util.Arrays.fill(dX, 0, g.n() * g.c() * g.h() * g.w(), 0f);
        for (int n = 0; n < g.n(); n++) {
            for (int gr = 0; gr < g.groups(); gr++) {
                Gemm.gemm(kk, ohw, og, w, gr * og * kk, 1, kk, dOut, (n * g.o() + gr * og) * ohw, ohw, 1,
                        col, 0, ohw, false);
                col2im(g, col, n, gr, dX);
            }
        }
    }

    /** dW = sum over images of dOut (og x OHW) times col^T (OHW x cg*KH*KW), per group. */
    public static void backwardWeight(ConvGeometry g, float[] x, float[] dOut, float[] dW) {
        int ohw = g.oh() * g.ow(), kk = g.patch(), og = g.og();
        float[] col = new float[kk * ohw];
        java.util.Arrays.fill(dW, 0, g.o() * kk, 0f);
        for (int n = 0; n < g.n(); n++) {
            for (int gr = 0; gr < g.groups(); gr++) {
                im2col(g, x, n, gr, col);
                Gemm.gemm(og, kk, ohw, dOut, (n * g.o() + gr * og) * ohw, ohw, 1, col, 0, 1, ohw,
                        dW, gr * og * kk, kk, true);
            }
        }
    }

    /** col[(ci*KH + ki)*KW + kj][oy*OW + ox] = x[n, group*cg + ci, iy, ix], 0 outside the image. */
    static void im2col(ConvGeometry g, float[] x, int n, int group, float[] col) { walk(g, x, n, group, col, true); }

    /** The adjoint of im2col: dX[n, group*cg + ci, iy, ix] += col[...]. */
    static void col2im(ConvGeometry g, float[] col, int n, int group, float[] dX) { walk(g, dX, n, group, col, false); }

    /** Visits every (column entry, image pixel) pair once; the branch on direction is loop-invariant. */
    private static void walk(ConvGeometry g, float[] img, int n, int group, float[] col, boolean toCol) {
        int oh = g.oh(), ow = g.ow(), h = g.h(), w = g.w();
        int r = 0;
        for (int ci = 0; ci < g.cg(); ci++) {
            int plane = ((n * g.c()) + group * g.cg() + ci) * h * w;
            for (int ki = 0; ki < g.kh(); ki++) {
                for (int kj = 0; kj < g.kw(); kj++, r++) {
                    int o = r * oh * ow;
                    for (int oy = 0; oy < oh; oy++) {
                        int iy = oy * g.sh() - g.ph() + ki * g.dh();
                        for (int ox = 0; ox < ow; ox++, o++) {
                            int ix = ox * g.sw() - g.pw() + kj * g.dw();
                            boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                            if (toCol) col[o] = inside ? img[plane + iy * w + ix] : 0f;
                            else if (inside) img[plane + iy * w + ix] += col[o];
                        }
                    }
                }
            }
        }
    }
}
