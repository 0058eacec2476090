package facet.kernels.cpu;

import facet.kernels.plan.KernelPlans;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused scaled dot-product attention, one (batch, head) at a time, heads in parallel.
 *
 * <p>Layout: each operand is a set of heads, each head a block of rows: row i of head b of q is
 * q.x[q.off[b] + i * q.rs .. + D), and likewise for k, v, out, dOut and the gradients. So q, k
 * and v may be strided views into one projection (B, N, 3, H, Dh), and out may be written
 * straight into (B, N, H, Dh) order. The optional mask is addressed as
 * mask[mOff[b] + i*msi + j*msj] (nonzero = attend), so a broadcast mask stays a view.
 *
 * <p>Per head, queries go in blocks of {@link #QB}: the block's scores (QB x Tk) live in a
 * per-thread scratch (in L2), take the softmax in place, and are multiplied into v, so no
 * (BH, Tq, Tk) tensor ever exists; only lse = max + log(sum) per query is kept (+inf for a query
 * whose keys are all masked: it gets output 0 and, in the backward, weights 0). The backward
 * rebuilds each block's probabilities from q, k and lse. Every product is the GEMM micro-kernel
 * on the head's rows. Flops: forward 4 Tq Tk D per head; backward 8 Tq Tk D plus the recompute.
 */
public final class Attention {
    private Attention() {}

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int L = S.length();
    /** What a masked-out score becomes (as Backend.MASKED_SCORE): exp of it is exactly 0. */
    static final float MASKED = -1e30f;
    /** Queries per block: the block's score matrix is QB x Tk floats. */
    static final int QB = KernelPlans.current().attentionRows();

    /** The heads of one operand: head b's row i starts at x[off[b] + i * rs]; rows are contiguous. */
    public record Heads(float[] x, int[] off, int rs) {}

    /** The optional mask: head b, query i, key j at x[off[b] + i * si + j * sj]. */
    public record Mask(float[] x, int[] off, int si, int sj) {}

    /** out and lse (contiguous (BH, Tq)) of every head. */
    public static void forward(int bh, int tq, int tk, int d, int dv, Heads q, Heads k, Heads v, Mask mask, float scale,
                               Heads out, float[] lse) {
        Gemm.Variant var = Gemm.defaultVariant();
        Parallel.forRange(bh, 4L * bh * tq * tk * d, b -> {
            float[] s = Scratch.floats(Scratch.Slot.ATTN, Math.min(QB, tq) * tk);
            for (int i0 = 0; i0 < tq; i0 += QB) {
                int rows = Math.min(QB, tq - i0);
                scores(var, rows, tk, d, q, b, i0, k, scale, mask, s);
                for (int i = 0; i < rows; i++) {
                    float m = max(s, i * tk, tk);
                    if (m <= MASKED / 2) {               // no visible key: weights 0, lse +inf (see Backend.attention)
                        java.util.Arrays.fill(s, i * tk, (i + 1) * tk, 0f);
                        lse[b * tq + i0 + i] = Float.POSITIVE_INFINITY;
                        continue;
                    }
                    float sum = expSub(s, i * tk, tk, m);
                    lse[b * tq + i0 + i] = (float) (m + Math.log(sum));
                    scale(s, i * tk, tk, 1f / sum);
                }
                Gemm.gemm(var, rows, dv, tk, Gemm.rowMajor(s, 0, tk), Gemm.rowMajor(v.x, v.off[b], v.rs),
                        Gemm.Out.into(out.x, out.off[b] + i0 * out.rs, out.rs));
            }
        });
    }

    /**
     * dq, dk, dv of every head from the saved out and lse, per query block:
     * P = exp(S - lse), dV += P^T dOut, dS = P * (dOut V^T - rowsum(dOut * out)) * scale,
     * dQ = dS K, dK += dS^T Q.
     */
    public static void backward(int bh, int tq, int tk, int d, int dv, Heads q, Heads k, Heads v, Mask mask, float scale,
                                Heads out, float[] lse, Heads dOut, Heads dq, Heads dk, Heads dV) {
        Gemm.Variant var = Gemm.defaultVariant();
        Parallel.forRange(bh, 8L * bh * tq * tk * d, b -> {
            int block = Math.min(QB, tq);
            float[] buf = Scratch.floats(Scratch.Slot.ATTN, 2 * block * tk);
            int p = 0, ds = block * tk;                               // probabilities, then dS, of one block
            for (int i0 = 0; i0 < tq; i0 += QB) {
                int rows = Math.min(QB, tq - i0), qi = q.off[b] + i0 * q.rs, oi = dOut.off[b] + i0 * dOut.rs;
                scores(var, rows, tk, d, q, b, i0, k, scale, mask, buf);
                for (int i = 0; i < rows; i++) expRow(buf, p + i * tk, tk, lse[b * tq + i0 + i]);
                // dP = dOut V^T into the dS rows, then dS = P (dP - rowsum(dOut * out)) * scale
                Gemm.gemm(var, rows, tk, dv, Gemm.rowMajor(dOut.x, oi, dOut.rs), Gemm.rowMajor(v.x, v.off[b], v.rs).transposed(),
                        Gemm.Out.into(buf, ds, tk));
                for (int i = 0; i < rows; i++) {
                    float rowDot = (float) Norm.dot(dOut.x, oi + i * dOut.rs, out.x, out.off[b] + (i0 + i) * out.rs, dv);
                    softmaxGrad(buf, p + i * tk, ds + i * tk, tk, rowDot, scale);
                }
                boolean first = i0 == 0;
                // dV += P^T dOut, dQ = dS K, dK += dS^T Q
                Gemm.gemm(var, tk, dv, rows, Gemm.rowMajor(buf, p, tk).transposed(), Gemm.rowMajor(dOut.x, oi, dOut.rs),
                        Gemm.Out.into(dV.x, dV.off[b], dV.rs).accumulating(!first));
                Gemm.gemm(var, rows, d, tk, Gemm.rowMajor(buf, ds, tk), Gemm.rowMajor(k.x, k.off[b], k.rs),
                        Gemm.Out.into(dq.x, dq.off[b] + i0 * dq.rs, dq.rs));
                Gemm.gemm(var, tk, d, rows, Gemm.rowMajor(buf, ds, tk).transposed(), Gemm.rowMajor(q.x, qi, q.rs),
                        Gemm.Out.into(dk.x, dk.off[b], dk.rs).accumulating(!first));
            }
        });
    }

    /** s (rows x tk) = scale * Q_block K^T for query rows i0.. of head b, masked entries set to MASKED. */
    private static void scores(Gemm.Variant var, int rows, int tk, int d, Heads q, int b, int i0, Heads k, float scale,
                               Mask mask, float[] s) {
        Gemm.gemm(var, rows, tk, d, Gemm.rowMajor(q.x, q.off[b] + i0 * q.rs, q.rs), Gemm.rowMajor(k.x, k.off[b], k.rs).transposed(),
                Gemm.Out.into(s, 0, tk));
        for (int i = 0; i < rows; i++) {
            scale(s, i * tk, tk, scale);
            if (mask != null) {
                int mi = mask.off[b] + (i0 + i) * mask.si;
                for (int j = 0; j < tk; j++) if (mask.x[mi + j * mask.sj] == 0f) s[i * tk + j] = MASKED;
            }
        }
    }

    /** x[d + j] = x[p + j] * (x[d + j] - rowDot) * scale for j < n: a softmax row's gradient, probabilities at p, dP at d. */
    private static void softmaxGrad(float[] x, int p, int d, int n, float rowDot, float scale) {
        int j = 0;
        if (!Simd.SCALAR) {   // written out: C2 does not vectorise two offsets into one array (they might overlap)
            for (int bound = S.loopBound(n); j < bound; j += L) {
                FloatVector.fromArray(S, x, p + j).mul(FloatVector.fromArray(S, x, d + j).sub(rowDot)).mul(scale).intoArray(x, d + j);
            }
        }
        for (; j < n; j++) x[d + j] = x[p + j] * (x[d + j] - rowDot) * scale;
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

    /**
     * x[i..i+n) = exp(x - m); returns their sum. Two loops in two methods: with exp and the sum's lane
     * tree in one, C2 ran out of inlining budget and called the tree's vector adds out of line, boxed
     * (a quarter of the forward's time in a JFR profile); the sum reads back the same floats, so the bits hold.
     */
    private static float expSub(float[] x, int i, int n, float m) {
        expRow(x, i, n, m);
        return rowSum(x, i, n);
    }

    /** x[i..i+n) = exp(x - m): Simd.exp on whole vectors, Math.exp rounded to float on the rest. */
    private static void expRow(float[] x, int i, int n, float m) {
        int j = 0;
        if (!Simd.SCALAR) {
            FloatVector vm = FloatVector.broadcast(S, m);
            for (int bound = S.loopBound(n); j < bound; j += L) Simd.exp(FloatVector.fromArray(S, x, i + j).sub(vm)).intoArray(x, i + j);
        }
        for (; j < n; j++) x[i + j] = (float) Math.exp(x[i + j] - m);
    }

    /** The sum of x[i..i+n): whole vectors lane-wise, then their lane tree (Simd.sum), then the rest in double. */
    private static float rowSum(float[] x, int i, int n) {
        int j = 0;
        double sum = 0;
        if (!Simd.SCALAR) {
            FloatVector acc = FloatVector.zero(S);
            for (int bound = S.loopBound(n); j < bound; j += L) acc = acc.add(FloatVector.fromArray(S, x, i + j));
            sum = Simd.sum(acc);
        }
        for (; j < n; j++) sum += x[i + j];
        return (float) sum;
    }
}
