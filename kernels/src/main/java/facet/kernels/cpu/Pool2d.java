package facet.kernels.cpu;

import facet.kernels.PoolGeometry;

/**
 * Max and average pooling over contiguous (planes, H, W) input, planes = N * C. Max pooling
 * also returns, per output, the flat index (iy * W + ix) of the winner in its plane, which is
 * all its backward needs. Bottleneck: memory (each input read about KH*KW / (SH*SW) times).
 */
public final class Pool2d {
    private Pool2d() {}

    /** Ties go to the first maximum in row-major window order; NaN wins, as in PyTorch. */
    public static void max(PoolGeometry g, float[] x, float[] out, int[] idx) {
        int oh = g.oh(), ow = g.ow(), h = g.h(), w = g.w();
        for (int p = 0, o = 0; p < g.planes(); p++) {
            int plane = p * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, o++) {
                    float best = Float.NEGATIVE_INFINITY;
                    int arg = -1;
                    for (int ki = 0; ki < g.kh(); ki++) {
                        int iy = oy * g.sh() - g.ph() + ki;
                        if (iy < 0 || iy >= h) continue;
                        for (int kj = 0; kj < g.kw(); kj++) {
                            int ix = ox * g.sw() - g.pw() + kj;
                            if (ix < 0 || ix >= w) continue;
                            float v = x[plane + iy * w + ix];
                            if (arg < 0 || v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                                best = v;
                                arg = iy * w + ix;
                            }
                        }
                    }
                    out[o] = best;
                    idx[o] = arg;
                }
            }
        }
    }

    /**
     * Average over the window. With {@code countPad} the divisor is KH*KW (PyTorch's default
     * count_include_pad=True); otherwise it is the number of window cells inside the image.
     */
    public static void avg(PoolGeometry g, float[] x, float[] out, boolean countPad) {
        int oh = g.oh(), ow = g.ow(), h = g.h(), w = g.w();
        for (int p = 0, o = 0; p < g.planes(); p++) {
            int plane = p * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, o++) {
                    double s = 0;
                    int cells = 0;
                    for (int ki = 0; ki < g.kh(); ki++) {
                        int iy = oy * g.sh() - g.ph() + ki;
                        if (iy < 0 || iy >= h) continue;
                        for (int kj = 0; kj < g.kw(); kj++) {
                            int ix = ox * g.sw() - g.pw() + kj;
                            if (ix < 0 || ix >= w) continue;
                            s += x[plane + iy * w + ix];
                            cells++;
                        }
                    }
                    out[o] = (float) (s / (countPad ? g.kh() * g.kw() : cells));
                }
            }
        }
    }

    /** dX += dOut / divisor over each window: the adjoint of {@link #avg}. */
    public static void avgBackward(PoolGeometry g, float[] dOut, float[] dX, boolean countPad) {
        int oh = g.oh(), ow = g.ow(), h = g.h(), w = g.w();
        java.util.Arrays.fill(dX, 0, g.planes() * h * w, 0f);
        for (int p = 0, o = 0; p < g.planes(); p++) {
            int plane = p * h * w;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++, o++) {
                    int y0 = Math.max(0, oy * g.sh() - g.ph()), y1 = Math.min(h, oy * g.sh() - g.ph() + g.kh());
                    int x0 = Math.max(0, ox * g.sw() - g.pw()), x1 = Math.min(w, ox * g.sw() - g.pw() + g.kw());
                    int cells = countPad ? g.kh() * g.kw() : (y1 - y0) * (x1 - x0);
                    float share = dOut[o] / cells;
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) dX[plane + iy * w + ix] += share;
                    }
                }
            }
        }
    }
}
