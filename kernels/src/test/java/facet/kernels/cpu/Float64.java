package facet.kernels.cpu;

import facet.kernels.ConvGeometry;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Float64 references for the planned-kernel tests (convolution and attention by their
 * definitions), and the comparison: each element passes when |got - ref| <= tol, tol from the
 * size of the terms summed into it; a failure names the tensor, the first 5 mismatches with both
 * values, and the worst difference.
 */
final class Float64 {
    private Float64() {}

    /** A value and its tolerance, per element. */
    record Ref(double[] value, double[] tol) {
        Ref(int n) { this(new double[n], new double[n]); }

        /** Adds one product term: a float32 sum may err by about 1e-5 of the magnitudes summed (the rule WinogradTest uses). */
        void add(int i, double term) {
            value[i] += term;
            tol[i] += 1e-5 * Math.abs(term);
        }
    }

    static void assertClose(String what, float[] got, Ref ref) {
        int bad = 0, worstAt = -1;
        double worst = 0;
        StringBuilder first = new StringBuilder();
        for (int i = 0; i < ref.value.length; i++) {
            double d = Math.abs(got[i] - ref.value[i]), tol = 1e-6 + ref.tol[i] + 1e-5 * Math.abs(ref.value[i]);
            if (!(d <= tol)) {   // NaN fails too
                if (bad++ < 5) first.append(String.format("%n  [%d] got %.8g, float64 %.8g", i, got[i], ref.value[i]));
                if (!(d <= worst)) { worst = d; worstAt = i; }
            }
        }
        int n = bad, at = worstAt;
        double w = worst;
        assertTrue(n == 0, () -> what + ": " + n + " of " + got.length + " mismatch" + first + "\n  worst at [" + at + "]: difference " + w);
    }

    static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    /** The three products of a convolution: out = conv(x, w), dX and dW given dOut. */
    record Conv(Ref out, Ref dX, Ref dW) {}

    /** Cross-correlation with stride, padding, dilation and groups, term by term, and its two adjoints. */
    static Conv conv(ConvGeometry g, float[] x, float[] w, float[] dOut) {
        Ref out = new Ref(g.n() * g.o() * g.oh() * g.ow()), dX = new Ref(x.length), dW = new Ref(w.length);
        for (int n = 0; n < g.n(); n++) for (int o = 0; o < g.o(); o++) for (int oy = 0; oy < g.oh(); oy++) for (int ox = 0; ox < g.ow(); ox++) {
            int at = ((n * g.o() + o) * g.oh() + oy) * g.ow() + ox, gr = o / g.og();
            for (int c = 0; c < g.cg(); c++) for (int ki = 0; ki < g.kh(); ki++) for (int kj = 0; kj < g.kw(); kj++) {
                int iy = oy * g.sh() - g.ph() + ki * g.dh(), ix = ox * g.sw() - g.pw() + kj * g.dw();
                if (iy < 0 || iy >= g.h() || ix < 0 || ix >= g.w()) continue;
                int xi = ((n * g.c() + gr * g.cg() + c) * g.h() + iy) * g.w() + ix, wi = ((o * g.cg() + c) * g.kh() + ki) * g.kw() + kj;
                out.add(at, (double) x[xi] * w[wi]);
                dX.add(xi, (double) dOut[at] * w[wi]);
                dW.add(wi, (double) dOut[at] * x[xi]);
            }
        }
        return new Conv(out, dX, dW);
    }

    /** Attention's outputs: out (BH, Tq, Dv), lse (BH, Tq), and the gradients given dOut. */
    record Attention(Ref out, double[] lse, Ref dq, Ref dk, Ref dv) {}

    /**
     * softmax(scale q k^T, masked scores dropped) v per head, contiguous (BH, T, D) operands; a
     * query with every key masked gets out 0, lse +inf and no gradient. Backward as the kernel's
     * javadoc: dS = P (dOut v^T - rowsum(dOut * out)) scale.
     */
    static Attention attention(int bh, int tq, int tk, int d, int dv, float[] q, float[] k, float[] v, float[] mask, float scale, float[] dOut) {
        Ref out = new Ref(bh * tq * dv), dq = new Ref(bh * tq * d), dk = new Ref(bh * tk * d), dV = new Ref(bh * tk * dv);
        double[] lse = new double[bh * tq];
        for (int b = 0; b < bh; b++) {
            for (int i = 0; i < tq; i++) {
                double[] p = new double[tk];
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j < tk; j++) {
                    double s = 0;
                    for (int e = 0; e < d; e++) s += (double) q[(b * tq + i) * d + e] * k[(b * tk + j) * d + e];
                    p[j] = mask[i * tk + j] == 0 ? Double.NEGATIVE_INFINITY : s * scale;
                    max = Math.max(max, p[j]);
                }
                if (max == Double.NEGATIVE_INFINITY) {
                    lse[b * tq + i] = Double.POSITIVE_INFINITY;
                    continue;
                }
                for (int j = 0; j < tk; j++) sum += p[j] = Math.exp(p[j] - max);
                lse[b * tq + i] = max + Math.log(sum);
                double rowDot = 0;
                double[] o = new double[dv];
                for (int j = 0; j < tk; j++) {
                    p[j] /= sum;
                    for (int e = 0; e < dv; e++) o[e] += p[j] * v[(b * tk + j) * dv + e];
                }
                for (int e = 0; e < dv; e++) {
                    out.add((b * tq + i) * dv + e, o[e]);
                    rowDot += dOut[(b * tq + i) * dv + e] * o[e];
                }
                for (int j = 0; j < tk; j++) {
                    double dp = 0;
                    for (int e = 0; e < dv; e++) {
                        dp += (double) dOut[(b * tq + i) * dv + e] * v[(b * tk + j) * dv + e];
                        dV.add((b * tk + j) * dv + e, p[j] * dOut[(b * tq + i) * dv + e]);
                    }
                    double ds = p[j] * (dp - rowDot) * scale;
                    for (int e = 0; e < d; e++) {
                        dq.add((b * tq + i) * d + e, ds * k[(b * tk + j) * d + e]);
                        dk.add((b * tk + j) * d + e, ds * q[(b * tq + i) * d + e]);
                    }
                }
            }
        }
        return new Attention(out, lse, dq, dk, dV);
    }
}
