package facet.autograd;

import facet.tensor.AttentionGrads;
import facet.tensor.AttentionResult;
import facet.tensor.Backend;
import facet.tensor.Shape;
import facet.tensor.Tensor;

import java.util.Arrays;

/**
 * Scaled dot-product attention as one op: the backend computes it (fused where it can) and
 * keeps only the output and each query's log-sum-exp for the backward, which rebuilds the
 * probabilities instead of storing a (..., Tq, Tk) tensor.
 */
public final class Attention {
    private Attention() {}

    /**
     * softmax(q k^T / sqrt(D) [masked]) v.
     * q (..., Tq, D), k (..., Tk, D), v (..., Tk, Dv) with equal batch dims -> (..., Tq, Dv);
     * mask (0/1, broadcast to (..., Tq, Tk)) or null: 1 marks the keys a query may attend to.
     */
    public static Variable scaledDotProduct(Variable q, Variable k, Variable v, Tensor mask) {
        Tensor qs = q.data(), ks = k.data(), vs = v.data();
        check(qs, ks, vs);
        int[] scoreShape = qs.shape();
        scoreShape[scoreShape.length - 1] = ks.size(-2);
        Tensor m = mask == null ? null : mask.to(qs.dtype()).expand(scoreShape);
        double scale = 1.0 / Math.sqrt(qs.size(-1));
        Backend b = qs.backend();
        AttentionResult r = b.attention(qs, ks, vs, m, scale);
        return Variable.make("attention", r.out(), (d, n) -> {
            AttentionGrads g = b.attentionBackward(qs, ks, vs, m, scale, r.out(), r.lse(), d);
            return new Tensor[] {g.dQ(), g.dK(), g.dV()};
        }, q, k, v);
    }

    /**
     * Self-attention from one packed projection: qkv (B, N, 3 * H * Dh) holds q, k and v in that
     * order, heads contiguous within each (timm's layout) -> (B, H, N, Dh). q, k and v are read as
     * views, and the backward writes dq, dk and dv into one (B, N, 3 * H * Dh) gradient, so the
     * projection gets a single gradient instead of three slices to sum. mask as in
     * {@link #scaledDotProduct}.
     */
    public static Variable selfAttention(Variable qkv, int heads, Tensor mask) {
        Tensor t = qkv.data();
        t.requireDim("self_attention", 3, "(B, N, 3 * H * Dh)");
        int b = t.size(0), n = t.size(1), width = t.size(2);
        if (heads < 1 || width % (3 * heads) != 0) {
            throw new IllegalArgumentException("self_attention: the last dim of qkv " + Shape.str(t.shape())
                    + " does not split into q, k and v of " + heads + " heads");
        }
        int dh = width / (3 * heads);
        Tensor[] qkvs = split(t, heads, dh);
        int[] scoreShape = {b, heads, n, n};
        Tensor m = mask == null ? null : mask.to(t.dtype()).expand(scoreShape);
        double scale = 1.0 / Math.sqrt(dh);
        Backend be = t.backend();
        AttentionResult r = be.attention(qkvs[0], qkvs[1], qkvs[2], m, scale);
        return Variable.make("self_attention", r.out(), (d, need) -> {
            Tensor g = Tensor.zeros(t.device(), t.dtype(), b, n, width);
            Tensor[] gs = split(g, heads, dh);
            be.attentionBackwardInto(qkvs[0], qkvs[1], qkvs[2], m, scale, r.out(), r.lse(), d, gs[0], gs[1], gs[2]);
            return new Tensor[] {g};
        }, qkv);
    }

    /** q, k, v of a packed (B, N, 3 * H * Dh) tensor as (B, H, N, Dh) views. */
    private static Tensor[] split(Tensor qkv, int heads, int dh) {
        Tensor x = qkv.reshape(qkv.size(0), qkv.size(1), 3, heads, dh);
        Tensor[] out = new Tensor[3];
        for (int i = 0; i < 3; i++) out[i] = x.narrow(2, i, 1).squeeze(2).permute(0, 2, 1, 3);
        return out;
    }

    private static void check(Tensor q, Tensor k, Tensor v) {
        q.requireSame("attention", k);
        q.requireSame("attention", v);
        int r = q.dim();
        boolean ok = r >= 2 && k.dim() == r && v.dim() == r
                && Arrays.equals(Arrays.copyOf(q.shape(), r - 2), Arrays.copyOf(k.shape(), r - 2))
                && Arrays.equals(Arrays.copyOf(q.shape(), r - 2), Arrays.copyOf(v.shape(), r - 2))
                && q.size(-1) == k.size(-1) && k.size(-2) == v.size(-2);
        if (!ok) {
            throw new IllegalArgumentException("attention: expects q (..., Tq, D), k (..., Tk, D), v (..., Tk, Dv) with equal batch dims, got "
                    + Shape.str(q.shape()) + ", " + Shape.str(k.shape()) + ", " + Shape.str(v.shape()));
        }
    }
}
