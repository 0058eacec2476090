package facet.autograd;

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
        Tensor[] r = b.attention(qs, ks, vs, m, scale);
        return Variable.make("attention", r[0], (d, n) -> b.attentionBackward(qs, ks, vs, m, scale, r[0], r[1], d), q, k, v);
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
