package facet.kernels.cpu;

import facet.kernels.Epilogue;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused normalisation with an affine part, y = (x - mean) * rstd * gamma + beta, rstd =
 * 1 / sqrt(biased var + eps), for the two layouts the models use:
 * <ul>
 *   <li>channels (batch norm): x (N, C, P) contiguous, statistics per channel over N and P,
 *       gamma and beta per channel; channels run in parallel;</li>
 *   <li>rows (layer norm): x (R, D) contiguous, statistics per row, gamma and beta per column;
 *       rows run in parallel.</li>
 * </ul>
 * Forward reads x twice and writes y once; backward reads dY and x twice and writes dX once
 * (the composed version makes about seven full passes each way). gamma or beta may be null.
 * The channels layout may also fuse the ReLU that follows batch norm: forward writes
 * max(y, 0), backward reads that y as well and masks dY by y > 0 (saving ReLU's own two passes
 * forward and three backward, for one more read of y in each backward pass).
 */
public final class Norm {
    private Norm() {}

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int L = S.length();

    // ---- batch norm layout -----------------------------------------------------------------

    /**
     * Writes y and, per channel, mean and rstd, then the epilogue in the same pass: max(y, 0), or
     * max(y + residual, 0) with a residual of x's layout (a ResNet block's relu(bn2(x) + shortcut)
     * reads x and the shortcut once and writes y once).
     */
    public static void channelsForward(int n, int c, int p, float[] x, float[] gamma, float[] beta, double eps,
                                       Epilogue<float[]> epilogue, float[] y, float[] mean, float[] rstd) {
        boolean relu = epilogue.endsWithRelu();
        float[] residual = epilogue instanceof Epilogue.AddRelu<float[]> a ? a.residual() : null;
        Parallel.forRange(c, (long) n * c * p, ch -> {
            double s = 0, ss = 0;
            for (int i = 0; i < n; i++) {
                int at = (i * c + ch) * p;
                s += Reduce.row(facet.kernels.ReduceOp.SUM, x, at, p);
                ss += sumSquares(x, at, p);
            }
            double m = s / ((double) n * p), var = Math.max(0, ss / ((double) n * p) - m * m), r = 1 / Math.sqrt(var + eps);
            mean[ch] = (float) m;
            rstd[ch] = (float) r;
            float a = (float) (r * (gamma == null ? 1 : gamma[ch])), b = (float) ((beta == null ? 0 : beta[ch]) - m * a);
            for (int i = 0; i < n; i++) {
                if (residual != null) scaleShiftAdd(x, residual, (i * c + ch) * p, p, a, b, relu, y);
                else scaleShift(x, (i * c + ch) * p, p, a, b, relu, y);
            }
        });
    }

    /**
     * dX, and per channel dGamma = sum(dY xhat), dBeta = sum(dY). With S1 = sum dY, S2 = sum dY xhat
     * over the channel's M elements, dX = g r (dY - S1/M - xhat S2/M), which is a dY + b x + c per channel.
     * After a fused ReLU, pass its output y (else null): dY is masked to dY * (y > 0) as it is
     * read, in both passes, and never stored.
     */
    public static void channelsBackward(int n, int c, int p, float[] dy, float[] x, float[] mean, float[] rstd, float[] gamma,
                                        float[] y, float[] dx, float[] dGamma, float[] dBeta) {
        Parallel.forRange(c, (long) n * c * p, ch -> {
            double[] sums = new double[2];   // sum dY, sum dY x
            for (int i = 0; i < n; i++) {
                int at = (i * c + ch) * p;
                if (y != null) maskedSums(dy, y, x, at, p, sums);
                else {
                    sums[0] += Reduce.row(facet.kernels.ReduceOp.SUM, dy, at, p);
                    sums[1] += dot(dy, x, at, p);
                }
            }
            double s1 = sums[0], sdx = sums[1];
            double m = mean[ch], r = rstd[ch], g = gamma == null ? 1 : gamma[ch], count = (double) n * p;
            double s2 = r * (sdx - m * s1);
            if (dGamma != null) dGamma[ch] = (float) s2;
            if (dBeta != null) dBeta[ch] = (float) s1;
            double a = g * r, b = -g * r * r * s2 / count, k = -g * r * s1 / count - b * m;
            for (int i = 0; i < n; i++) {
                if (y != null) affine2Masked(dy, y, x, (i * c + ch) * p, p, (float) a, (float) b, (float) k, dx);
                else affine2(dy, x, (i * c + ch) * p, p, (float) a, (float) b, (float) k, dx);
            }
        });
    }

    // ---- layer norm layout -----------------------------------------------------------------

    /** Writes y and, per row, mean and rstd. */
    public static void rowsForward(int rows, int d, float[] x, float[] gamma, float[] beta, double eps,
                                   float[] y, float[] mean, float[] rstd) {
        Parallel.forRange(rows, (long) rows * d, row -> {
            int at = row * d;
            double m = Reduce.row(facet.kernels.ReduceOp.SUM, x, at, d) / d;
            double var = centeredSquares(x, at, d, (float) m) / d, r = 1 / Math.sqrt(var + eps);
            mean[row] = (float) m;
            rstd[row] = (float) r;
            normalizeRow(x, at, d, (float) m, (float) r, gamma, beta, y);
        });
    }

    /** y[at + j] = (x - m) r gamma[j] + beta[j] over one row. */
    private static void normalizeRow(float[] x, int at, int d, float m, float r, float[] gamma, float[] beta, float[] y) {
        int j = 0;
        if (!Simd.SCALAR) {
            FloatVector vm = FloatVector.broadcast(S, m), vr = FloatVector.broadcast(S, r);
            for (int bound = S.loopBound(d); j < bound; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, at + j).sub(vm).mul(vr);
                if (gamma != null) v = v.mul(FloatVector.fromArray(S, gamma, j));
                if (beta != null) v = v.add(FloatVector.fromArray(S, beta, j));
                v.intoArray(y, at + j);
            }
        }
        for (; j < d; j++) y[at + j] = (x[at + j] - m) * r * (gamma == null ? 1f : gamma[j]) + (beta == null ? 0f : beta[j]);
    }

    /**
     * dX per row, g = dY gamma: dX = r (g - mean(g) - xhat mean(g xhat)); dGamma and dBeta are summed
     * over rows, each thread into float partials flushed to double every Reduce.CHUNK rows.
     */
    public static void rowsBackward(int rows, int d, float[] dy, float[] x, float[] mean, float[] rstd, float[] gamma,
                                    float[] dx, float[] dGamma, float[] dBeta) {
        int parts = Math.max(1, Math.min(Parallel.threads(), rows));
        double[][] dg = new double[parts][d], db = new double[parts][d];
        Parallel.forRange(parts, (long) rows * d, part -> {
            float[] pg = new float[d], pb = new float[d];
            int since = 0;
            for (int row = rows * part / parts; row < rows * (part + 1) / parts; row++) {
                rowBackward(row * d, d, dy, x, mean[row], rstd[row], gamma, dx, pg, pb);
                if (++since == Reduce.CHUNK) {
                    flush(pg, dg[part]);
                    flush(pb, db[part]);
                    since = 0;
                }
            }
            flush(pg, dg[part]);
            flush(pb, db[part]);
        });
        for (int j = 0; j < d; j++) {
            double g = 0, b = 0;
            for (int part = 0; part < parts; part++) {
                g += dg[part][j];
                b += db[part][j];
            }
            if (dGamma != null) dGamma[j] = (float) g;
            if (dBeta != null) dBeta[j] = (float) b;
        }
    }

    /** One row of the backward; adds its dY xhat and dY into pg and pb. */
    private static void rowBackward(int at, int d, float[] dy, float[] x, float m, float r, float[] gamma, float[] dx, float[] pg, float[] pb) {
        double sg = 0, sgx = 0;
        int j = 0;
        FloatVector vm = FloatVector.broadcast(S, m), vr = FloatVector.broadcast(S, r);
        if (!Simd.SCALAR) {
            FloatVector ag = FloatVector.zero(S), agx = FloatVector.zero(S);
            for (int bound = S.loopBound(d); j < bound; j += L) {
                FloatVector xh = FloatVector.fromArray(S, x, at + j).sub(vm).mul(vr), g = FloatVector.fromArray(S, dy, at + j);
                xh.fma(g, FloatVector.fromArray(S, pg, j)).intoArray(pg, j);
                g.add(FloatVector.fromArray(S, pb, j)).intoArray(pb, j);
                if (gamma != null) g = g.mul(FloatVector.fromArray(S, gamma, j));
                ag = ag.add(g);
                agx = g.fma(xh, agx);
            }
            sg = Simd.sum(ag);
            sgx = Simd.sum(agx);
        }
        for (int k = j; k < d; k++) {
            float xh = (x[at + k] - m) * r, g = dy[at + k];
            pg[k] += g * xh;
            pb[k] += g;
            if (gamma != null) g *= gamma[k];
            sg += g;
            sgx += g * xh;
        }
        float mg = (float) (sg / d), mgx = (float) (sgx / d);
        j = 0;
        if (!Simd.SCALAR) {
            FloatVector vmg = FloatVector.broadcast(S, mg), vmgx = FloatVector.broadcast(S, mgx);
            for (int bound = S.loopBound(d); j < bound; j += L) {
                FloatVector xh = FloatVector.fromArray(S, x, at + j).sub(vm).mul(vr), g = FloatVector.fromArray(S, dy, at + j);
                if (gamma != null) g = g.mul(FloatVector.fromArray(S, gamma, j));
                g.sub(vmg).sub(xh.mul(vmgx)).mul(vr).intoArray(dx, at + j);
            }
        }
        for (; j < d; j++) {
            float xh = (x[at + j] - m) * r, g = dy[at + j] * (gamma == null ? 1f : gamma[j]);
            dx[at + j] = r * (g - mg - xh * mgx);
        }
    }

    /** total += part; part = 0. */
    private static void flush(float[] part, double[] total) {
        for (int j = 0; j < part.length; j++) {
            total[j] += part[j];
            part[j] = 0f;
        }
    }

    // ---- vector helpers --------------------------------------------------------------------

    /** sum of x[i..i+n)^2, float lanes flushed to double every Reduce.CHUNK vectors. */
    static double sumSquares(float[] x, int i, int n) {
        int j = 0, bound = S.loopBound(n);
        double total = 0;
        while (j < bound) {
            FloatVector acc = FloatVector.zero(S);
            for (int end = Math.min(bound, j + Reduce.CHUNK * L); j < end; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, i + j);
                acc = v.fma(v, acc);
            }
            total += Simd.sum(acc);
        }
        for (; j < n; j++) total += (double) x[i + j] * x[i + j];
        return total;
    }

    /** sum of (x - m)^2 over x[i..i+n). */
    static double centeredSquares(float[] x, int i, int n, float m) {
        int j = 0, bound = S.loopBound(n);
        double total = 0;
        FloatVector vm = FloatVector.broadcast(S, m);
        while (j < bound) {
            FloatVector acc = FloatVector.zero(S);
            for (int end = Math.min(bound, j + Reduce.CHUNK * L); j < end; j += L) {
                FloatVector v = FloatVector.fromArray(S, x, i + j).sub(vm);
                acc = v.fma(v, acc);
            }
            total += Simd.sum(acc);
        }
        for (; j < n; j++) total += (double) (x[i + j] - m) * (x[i + j] - m);
        return total;
    }

    /** sum of a[i..i+n) * b[i..i+n). */
    static double dot(float[] a, float[] b, int i, int n) { return dot(a, i, b, i, n); }

    /** sum of a[ai..ai+n) * b[bi..bi+n). */
    static double dot(float[] a, int ai, float[] b, int bi, int n) {
        int j = 0, bound = S.loopBound(n);
        double total = 0;
        while (j < bound) {
            FloatVector acc = FloatVector.zero(S);
            for (int end = Math.min(bound, j + Reduce.CHUNK * L); j < end; j += L) {
                acc = FloatVector.fromArray(S, a, ai + j).fma(FloatVector.fromArray(S, b, bi + j), acc);
            }
            total += Simd.sum(acc);
        }
        for (; j < n; j++) total += (double) a[ai + j] * b[bi + j];
        return total;
    }

    /** y[i..i+n) = x * a + b, then max(y, 0) when relu. */
    static void scaleShift(float[] x, int i, int n, float a, float b, boolean relu, float[] y) {
        int j = 0;
        if (!Simd.SCALAR) {
            FloatVector va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b);
            int bound = S.loopBound(n);
            if (relu) {
                for (; j < bound; j += L) FloatVector.fromArray(S, x, i + j).fma(va, vb).max(0f).intoArray(y, i + j);
            } else {
                for (; j < bound; j += L) FloatVector.fromArray(S, x, i + j).fma(va, vb).intoArray(y, i + j);
            }
        }
        for (; j < n; j++) {
            float v = x[i + j] * a + b;
            y[i + j] = relu && !(v > 0) ? 0f : v;
        }
    }

    /** out[i..i+n) = u * a + v * b + k. */
    static void affine2(float[] u, float[] v, int i, int n, float a, float b, float k, float[] out) {
        int j = 0;
        if (!Simd.SCALAR) {
            FloatVector va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b), vk = FloatVector.broadcast(S, k);
            for (int bound = S.loopBound(n); j < bound; j += L) {
                FloatVector.fromArray(S, u, i + j).fma(va, FloatVector.fromArray(S, v, i + j).fma(vb, vk)).intoArray(out, i + j);
            }
        }
        for (; j < n; j++) out[i + j] = u[i + j] * a + v[i + j] * b + k;
    }

    // ---- the same helpers after a fused ReLU (mask: y > 0, as ReLU's own backward) ---------

    /** y[i..i+n) = x * a + b + r, then max(y, 0) when relu. */
    static void scaleShiftAdd(float[] x, float[] r, int i, int n, float a, float b, boolean relu, float[] y) {
        int j = 0;
        if (!Simd.SCALAR) {
            FloatVector va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b);
            int bound = S.loopBound(n);
            if (relu) {
                for (; j < bound; j += L) FloatVector.fromArray(S, x, i + j).fma(va, vb).add(FloatVector.fromArray(S, r, i + j)).max(0f).intoArray(y, i + j);
            } else {
                for (; j < bound; j += L) FloatVector.fromArray(S, x, i + j).fma(va, vb).add(FloatVector.fromArray(S, r, i + j)).intoArray(y, i + j);
            }
        }
        for (; j < n; j++) {
            float v = x[i + j] * a + b + r[i + j];
            y[i + j] = relu && !(v > 0) ? 0f : v;
        }
    }

    /**
     * sums[0] += sum of g, sums[1] += sum of g x over [i..i+n), g = dy where y > 0, else 0; one pass
     * over dy, y and x, float lanes flushed to double every Reduce.CHUNK vectors.
     */
    static void maskedSums(float[] dy, float[] y, float[] x, int i, int n, double[] sums) {
        int j = 0;
        double s = 0, sx = 0;
        if (!Simd.SCALAR) {
            FloatVector zero = FloatVector.zero(S);
            for (int bound = S.loopBound(n); j < bound; ) {
                FloatVector acc = zero, accx = zero;
                for (int end = Math.min(bound, j + Reduce.CHUNK * L); j < end; j += L) {
                    FloatVector g = zero.blend(FloatVector.fromArray(S, dy, i + j), FloatVector.fromArray(S, y, i + j).compare(VectorOperators.GT, 0f));
                    acc = acc.add(g);
                    accx = g.fma(FloatVector.fromArray(S, x, i + j), accx);
                }
                s += Simd.sum(acc);
                sx += Simd.sum(accx);
            }
        }
        for (; j < n; j++) {
            if (!(y[i + j] > 0)) continue;
            s += dy[i + j];
            sx += (double) dy[i + j] * x[i + j];
        }
        sums[0] += s;
        sums[1] += sx;
    }

    /** out[i..i+n) = g * a + v * b + k, g = u where y > 0, else 0. */
    static void affine2Masked(float[] u, float[] y, float[] v, int i, int n, float a, float b, float k, float[] out) {
        int j = 0;
        if (!Simd.SCALAR) {
            FloatVector va = FloatVector.broadcast(S, a), vb = FloatVector.broadcast(S, b), vk = FloatVector.broadcast(S, k), zero = FloatVector.zero(S);
            for (int bound = S.loopBound(n); j < bound; j += L) {
                FloatVector g = zero.blend(FloatVector.fromArray(S, u, i + j), FloatVector.fromArray(S, y, i + j).compare(VectorOperators.GT, 0f));
                g.fma(va, FloatVector.fromArray(S, v, i + j).fma(vb, vk)).intoArray(out, i + j);
            }
        }
        for (; j < n; j++) out[i + j] = (y[i + j] > 0 ? u[i + j] : 0f) * a + v[i + j] * b + k;
    }
}
