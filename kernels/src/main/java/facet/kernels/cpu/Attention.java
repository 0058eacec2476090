package facet.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused scaled dot-product attention, one (batch, head) at a time, heads in parallel.
 *
 * <p>Layout: q (BH, Tq, D), k (BH, Tk, D), v (BH, Tk, Dv), out (BH, Tq, Dv), lse (BH, Tq), all
 * contiguous; the optional mask is addressed as mask[mOff[b] + i*msi + j*msj] (nonzero = attend),
 * so a broadcast mask stays a view.
 *
 * <p>Per head, queries go in blocks of {@link #QB}: the block's scores (QB x Tk) live in a
 * per-thread scratch (in L2), take the softmax in place, and are multiplied into v, so no
 * (BH, Tq, Tk) tensor ever exists; only lse = max + log(sum) per query is kept. The backward
 * rebuilds each block's probabilities from q, k and lse. Every product is the GEMM micro-kernel
 * on the head's slices. Flops: forward 4 Tq Tk D per head; backward 8 Tq Tk D plus the recompute.
 */
public final class Attention {
    private Attention() {}

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int L = S.length();
    /** What a masked-out score becomes (as Backend.MASKED_SCORE): exp of it is exactly 0. */
    static final float MASKED = -1e30f;
    /** Queries per block: the block's score matrix is QB x Tk floats. */
    static final int QB = 128;

    /** out and lse of every head. */
    public static void forward(int bh, int tq, int tk, int d, int dv, float[] q, float[] k, float[] v,
                               float[] mask, int[] mOff, int msi, int msj, float scale, float[] out, float[] lse) {
        Gemm.Variant var = Gemm.defaultVariant();
        Parallel.forRange(bh, 4L * bh * tq * tk * d, b -> {
            float[] s = Scratch.floats(Scratch.Slot.ATTN, Math.min(QB, tq) * tk);
            for (int i0 = 0; i0 < tq; i0 += QB) {
                int rows = Math.min(QB, tq - i0), qi = (b * tq + i0) * d;
                scores(var, rows, tk, d, q, qi, k, b * tk * d, scale, mask, mask == null ? 0 : mOff[b] + i0 * msi, msi, msj, s);
                for (int i = 0; i < rows; i++) {
                    float m = max(s, i * tk, tk), sum = expSub(s, i * tk, tk, m);
                    lse[b * tq + i0 + i] = (float) (m + Math.log(sum));
                    scale(s, i * tk, tk, 1f / sum);
                }
                Gemm.gemm(var, rows, dv, tk, s, 0, tk, 1, v, b * tk * dv, dv, 1, out, (b * tq + i0) * dv, dv, false);
            }
        });
    }

    /**
     * dq, dk, dv of every head from the saved out and lse, per query block:
     * P = exp(S - lse), dV += P^T dOut, dS = P * (dOut V^T - rowsum(dOut * out)) * scale,
     * dQ = dS K, dK += dS^T Q.
     */
    public static void backward(int bh, int tq, int tk, int d, int dv, float[] q, float[] k, float[] v,
                                float[] mask, int[] mOff, int msi, int msj, float scale, float[] out, float[] lse, float[] dOut,
                                float[] dq, float[] dk, float[] dvOut) {
        Gemm.Variant var = Gemm.defaultVariant();
        Parallel.forRange(bh, 8L * bh * tq * tk * d, b -> {
            int block = Math.min(QB, tq);
            float[] buf = Scratch.floats(Scratch.Slot.ATTN, 2 * block * tk);
            int p = 0, ds = block * tk;                               // probabilities, then dS, of one block
            for (int i0 = 0; i0 < tq; i0 += QB) {
                int rows = Math.min(QB, tq - i0), qi = (b * tq + i0) * d, oi = (b * tq + i0) * dv;
                scores(var, rows, tk, d, q, qi, k, b * tk * d, scale, mask, mask == null ? 0 : mOff[b] + i0 * msi, msi, msj, buf);
                for (int i = 0; i < rows; i++) expSub(buf, p + i * tk, tk, lse[b * tq + i0 + i]);
                // dP = dOut V^T into the dS rows, then dS = P (dP - rowsum(dOut * out)) * scale
                Gemm.gemm(var, rows, tk, dv, dOut, oi, dv, 1, v, b * tk * dv, 1, dv, buf, ds, tk, false);
                for (int i = 0; i < rows; i++) {
                    float rowDot = (float) Normalization.dot(dOut, out, oi + i * dv, dv);
                    for (int j = 0; j < tk; j++) buf[ds + i * tk + j] = buf[p + i * tk + j] * (buf[ds + i * tk + j] - rowDot) * scale;
                }
                boolean first = i0 == 0;
                Gemm.gemm(var, tk, dv, rows, buf, p, 1, tk, dOut, oi, dv, 1, dvOut, b * tk * dv, dv, !first);   // dV += P^T dOut
                Gemm.gemm(var, rows, d, tk, buf, ds, tk, 1, k, b * tk * d, d, 1, dq, qi, d, false);             // dQ = dS K
                Gemm.gemm(var, tk, d, rows, buf, ds, 1, tk, q, qi, d, 1, dk, b * tk * d, d, !first);            // dK += dS^T Q
            }
        });
    }

    /** s (rows x tk) = scale * Q_block K^T, masked entries set to MASKED. */
    private static void scores(Gemm.Variant var, int rows, int tk, int d, float[] q, int qi, float[] k, int ki, float scale,
                               float[] mask, int mi, int msi, int msj, float[] s) {
        Gemm.gemm(var, rows, tk, d, q, qi, d, 1, k, ki, 1, d, s, 0, tk, false);
        for (int i = 0; i < rows; i++) {
            scale(s, i * tk, tk, scale);
            if (mask != null) {
                for (int j = 0; j < tk; j++) if (mask[mi + i * msi + j * msj] == 0f) s[i * tk + j] = MASKED;
            }
        }
    }

    private static void scale(float[] x, int i, int n, float a) {
        int j = 0;
        if (!Simd.SCALAR) {
            for (int bound = S.loopBound(n); j < bound; j += L) FloatVector.fromArray(S, x, i + j).mul(a).intoArray(x, i + j);
        }
        for (; j < n; j++) x[i + j] *= a;
    }

    private static float max(float[] x, int i, int n) {
        int j = 0;
        float m = Float.NEGATIVE_INFINITY;
        if (!Simd.SCALAR && n >= L) {
            FloatVector acc = FloatVector.fromArray(S, x, i);
            for (j = L; j <= n - L; j += L) acc = acc.max(FloatVector.fromArray(S, x, i + j));
            m = acc.reduceLanes(VectorOperators.MAX);
        }
        for (; j < n; j++) m = Math.max(m, x[i + j]);
        return m;
    }

    /** x[i..i+n) = exp(x - m); returns their sum. */
    private static float expSub(float[] x, int i, int n, float m) {
        int j = 0;
        double sum = 0;
        if (!Simd.SCALAR) {
            FloatVector vm = FloatVector.broadcast(S, m), acc = FloatVector.zero(S);
            for (int bound = S.loopBound(n); j < bound; j += L) {
                FloatVector e = FloatVector.fromArray(S, x, i + j).sub(vm).lanewise(VectorOperators.EXP);
                e.intoArray(x, i + j);
                acc = acc.add(e);
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; j < n; j++) {
            x[i + j] = (float) Math.exp(x[i + j] - m);
            sum += x[i + j];
        }
        return (float) sum;
    }
}
