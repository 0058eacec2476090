package facet.autograd;

import facet.tensor.Tensor;

/** Scaled dot-product attention, composed from differentiable ops (a fused kernel will replace it). */
public final class Attention {
    private Attention() {}

    /** What a masked-out score becomes: exp() of it underflows to exactly 0 in float32 and float64. */
    static final double MASKED = -1e30;

    /**
     * softmax(q k^T / sqrt(D) [masked]) v.
     * q (..., Tq, D), k (..., Tk, D), v (..., Tk, Dv) -> (..., Tq, Dv); mask (0/1, broadcast to
     * (..., Tq, Tk)) or null: 1 marks the keys a query may attend to.
     */
    public static Variable scaledDotProduct(Variable q, Variable k, Variable v, Tensor mask) {
        int d = q.size(-1);
        Variable scores = q.matmul(k.transpose(-1, -2)).mul(1.0 / Math.sqrt(d));
        if (mask != null) {
            Variable masked = Variable.constant(Tensor.scalar(MASKED, scores.dtype(), scores.data().device()));
            scores = Pointwise.where(mask.to(scores.dtype()), scores, masked);
        }
        return scores.softmax(-1).matmul(v);
    }
}
