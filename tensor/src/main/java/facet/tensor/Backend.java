package facet.tensor;

import facet.kernels.BinaryOp;
import facet.kernels.ConvGeometry;
import facet.kernels.Epilogue;
import facet.kernels.PoolGeometry;
import facet.kernels.ReduceOp;
import facet.kernels.UnaryOp;

/**
 * The primitive ops a device must implement; everything else in Facet is composed from these.
 * Inputs may be any strided view; outputs are new contiguous tensors unless stated otherwise.
 * Shape and dtype checks happen before a call reaches here (in {@link Tensor} and the op
 * classes), so a backend can assume well-formed arguments.
 */
public interface Backend {
    // ---- storage -------------------------------------------------------------------------

    /** A zero-filled buffer of n elements. */
    Storage allocate(DType dtype, int n);

    /** Storage holding a copy of (or, on the host, exactly) this array: float[], double[] or int[]. */
    Storage fromArray(Object array);

    /** The elements of t in row-major order, as a fresh host array of t's dtype. */
    Object toArray(Tensor t);

    /** dst[i] = src[i] over dst's shape (src already broadcast); converts dtypes. */
    void copy(Tensor src, Tensor dst);

    // ---- elementwise ---------------------------------------------------------------------

    Tensor unary(UnaryOp op, Tensor x);

    /** a and b have the same shape (broadcast views), dtype and device. */
    Tensor binary(BinaryOp op, Tensor a, Tensor b);

    /** cond (same float dtype), a and b have the same shape; nonzero cond picks a. */
    Tensor where(Tensor cond, Tensor a, Tensor b);

    // ---- reductions ----------------------------------------------------------------------

    /** op over the axes in {@code mask}; the result keeps them as size 1. */
    Tensor reduce(ReduceOp op, Tensor x, boolean[] mask);

    /** int32 index of the max (or min) along axis, first on ties; the axis is removed. */
    Tensor argReduce(boolean max, Tensor x, int axis);

    // ---- linear algebra and convolution --------------------------------------------------

    /** (..., M, K) x (..., K, N) -> (..., M, N), batch dims already equal. */
    Tensor matmul(Tensor a, Tensor b);

    /** x (N, C, H, W), w (O, C/groups, KH, KW) -> (N, O, OH, OW). */
    Tensor conv2d(Tensor x, Tensor w, ConvGeometry g);

    /** dOut (N, O, OH, OW), w -> dX (N, C, H, W). */
    Tensor conv2dBackwardInput(Tensor dOut, Tensor w, ConvGeometry g);

    /** x, dOut -> dW (O, C/groups, KH, KW). */
    Tensor conv2dBackwardWeight(Tensor x, Tensor dOut, ConvGeometry g);

    /** x (planes, H, W) -> values (planes, OH, OW) and idx, the int32 flat argmax within each plane. */
    MaxPoolResult maxPool2d(Tensor x, PoolGeometry g);

    Tensor avgPool2d(Tensor x, PoolGeometry g, boolean countPad);

    /** dOut (planes, OH, OW) -> dX (planes, H, W). */
    Tensor avgPool2dBackward(Tensor dOut, PoolGeometry g, boolean countPad);

    // ---- indexing ------------------------------------------------------------------------

    /** out[p] = x[p with axis coordinate index[p]]; out has index's shape. */
    Tensor gather(Tensor x, int axis, Tensor index);

    /** zeros(shape), then out[p with axis coordinate index[p]] += src[p] for p over index's shape. */
    Tensor scatterAdd(int[] shape, int axis, Tensor index, Tensor src);

    /** Stable int32 argsort along axis. */
    Tensor argsort(Tensor x, int axis, boolean descending);

    // ---- random --------------------------------------------------------------------------

    enum Distribution { UNIFORM, NORMAL }

    /** Philox 4x32-10 numbers of the request starting at block {@code offset} under {@code seed}. */
    Tensor random(int[] shape, DType dtype, Distribution dist, long seed, long offset);

    // ---- fusable compositions ------------------------------------------------------------
    // Each default is the composition of the primitives above; a backend may override one with
    // a fused kernel, and a test must then show the two agree.

    /** exp(x - max) / sum(exp(x - max)) along axis. */
    default Tensor softmax(Tensor x, int axis) {
        Tensor e = x.sub(x.max(true, axis)).exp();
        return e.div(e.sum(true, axis));
    }

    /** x - max - log(sum(exp(x - max))) along axis. */
    default Tensor logSoftmax(Tensor x, int axis) {
        Tensor z = x.sub(x.max(true, axis));
        return z.sub(z.exp().sum(true, axis).log());
    }

    /** x (M, K) times w (N, K) transposed, plus b (N) on every row when b is not null: a Linear layer. */
    default Tensor linear(Tensor x, Tensor w, Tensor b) {
        Tensor y = x.matmul(w.transpose(0, 1));
        return b == null ? y : y.add(b);
    }

    /** What a masked-out attention score becomes: its exp() is exactly 0 in float32 and float64. */
    double MASKED_SCORE = -1e30;

    /**
     * softmax(q k^T * scale, masked) v over equal batch dims: q (..., Tq, D), k (..., Tk, D),
     * v (..., Tk, Dv), mask (0/1 in q's dtype, broadcast to (..., Tq, Tk)) or null.
     * Returns out (..., Tq, Dv) and lse (..., Tq): lse is the log-sum-exp of each query's scores,
     * all the backward needs to rebuild the probabilities without keeping them. A query whose
     * keys are all masked attends to nothing: its output is 0 and its lse +inf, so the weights
     * exp(s - lse) the backward rebuilds are 0 too (FlashAttention's convention).
     */
    default AttentionResult attention(Tensor q, Tensor k, Tensor v, Tensor mask, double scale) {
        Tensor s = scores(q, k, mask, scale);
        Tensor m = s.max(true, -1);
        Tensor lse = m.add(s.sub(m).exp().sum(true, -1).log());
        if (mask != null) lse = Tensor.where(m.le(MASKED_SCORE / 2), Tensor.scalar(Double.POSITIVE_INFINITY, s.dtype(), s.device()), lse);
        return new AttentionResult(s.sub(lse).exp().matmul(v), lse.squeeze(-1));
    }

    /**
     * dQ, dK, dV of {@link #attention} from the saved out and lse: P = exp(S - lse),
     * dV = P^T dOut, dS = P * (dOut v^T - rowsum(dOut * out)), dQ = dS k * scale, dK = dS^T q * scale.
     */
    default AttentionGrads attentionBackward(Tensor q, Tensor k, Tensor v, Tensor mask, double scale,
                                             Tensor out, Tensor lse, Tensor dOut) {
        Tensor p = scores(q, k, mask, scale).sub(lse.unsqueeze(-1)).exp();
        Tensor dv = p.transpose(-1, -2).matmul(dOut);
        Tensor ds = p.mul(dOut.matmul(v.transpose(-1, -2)).sub(dOut.mul(out).sum(true, -1)));
        return new AttentionGrads(ds.matmul(k).mul(scale), ds.transpose(-1, -2).matmul(q).mul(scale), dv);
    }

    /**
     * As {@link #attentionBackward}, but writes dQ, dK and dV into the given tensors (views of one
     * packed gradient, say) instead of returning new ones. This default copies; a backend whose
     * kernel can write strided heads overrides it.
     */
    default void attentionBackwardInto(Tensor q, Tensor k, Tensor v, Tensor mask, double scale, Tensor out, Tensor lse,
                                       Tensor dOut, Tensor dq, Tensor dk, Tensor dv) {
        AttentionGrads g = attentionBackward(q, k, v, mask, scale, out, lse, dOut);
        copy(g.dQ(), dq);
        copy(g.dK(), dk);
        copy(g.dV(), dv);
    }

    private static Tensor scores(Tensor q, Tensor k, Tensor mask, double scale) {
        Tensor s = q.matmul(k.transpose(-1, -2)).mul(scale);
        return mask == null ? s : Tensor.where(mask, s, Tensor.scalar(MASKED_SCORE, s.dtype(), s.device()));
    }

    /**
     * y = epilogue((x - mean) * rstd * gamma + beta), rstd = 1 / sqrt(var + eps), statistics (biased
     * variance) over the layout's axes; x (N, C, ...) for batch norm, (..., D1..Dk) for layer norm,
     * gamma and beta (either may be null) as {@link NormLayout} states. mean and rstd keep the
     * reduced axes as size 1. The epilogue is none, max(y, 0) or max(y + residual, 0).
     */
    default NormResult normalize(Tensor x, Tensor gamma, Tensor beta, NormLayout layout, double eps, Epilogue<Tensor> epilogue) {
        layout.check("normalize", x, gamma, beta, epilogue);
        int[] axes = layout.axes(x.dim());
        Tensor mean = x.mean(true, axes), xc = x.sub(mean);
        Tensor rstd = xc.mul(xc).mean(true, axes).add(eps).rsqrt();
        Tensor y = xc.mul(rstd);
        if (gamma != null) y = y.mul(gamma);
        if (beta != null) y = y.add(beta);
        return new NormResult(epilogue(epilogue, y), mean, rstd);
    }

    /**
     * Gradients of {@link #normalize} from its saved result. After a ReLU epilogue dY is first
     * masked by y > 0 (the ReLU's backward), and that masked dY is also dResidual. Then with
     * g = dY * gamma and xhat = (x - mean) * rstd: dX = rstd * (g - mean(g) - xhat * mean(g * xhat)),
     * dGamma = sum(dY * xhat), dBeta = sum(dY).
     */
    default NormGrads normalizeBackward(Tensor dOut, Tensor x, Tensor gamma, Tensor beta, NormLayout layout,
                                        Epilogue<Tensor> epilogue, NormResult saved) {
        int[] axes = layout.axes(x.dim());
        Tensor d = reluBackward(epilogue, dOut, saved.y());
        Tensor xhat = x.sub(saved.mean()).mul(saved.rstd());
        Tensor g = gamma == null ? d : d.mul(gamma);
        Tensor dx = saved.rstd().mul(g.sub(g.mean(true, axes)).sub(xhat.mul(g.mul(xhat).mean(true, axes))));
        return new NormGrads(dx, gamma == null ? null : d.mul(xhat).sumTo(gamma.shape()), beta == null ? null : d.sumTo(beta.shape()),
                epilogue instanceof Epilogue.AddRelu ? d : null);
    }

    /** The epilogue of y as tensor ops, for a backend whose kernel does not fuse it. */
    static Tensor epilogue(Epilogue<Tensor> e, Tensor y) {
        return switch (e) {
            case Epilogue.None<Tensor> n -> y;
            case Epilogue.Relu<Tensor> r -> y.relu();
            case Epilogue.AddRelu<Tensor> a -> y.add(a.residual()).relu();
        };
    }

    /** dY through the epilogue's ReLU: dY * (y > 0), or dY itself without one. */
    static Tensor reluBackward(Epilogue<Tensor> e, Tensor dOut, Tensor y) {
        return e.endsWithRelu() ? dOut.binary(BinaryOp.RELU_BACKWARD, y) : dOut;
    }

    /**
     * MAE's reconstruction loss as one op: pred and target (B, N, L), mask (B, N), 1 on the rows
     * that count (any non-negative weights work). With normTarget each target row is first
     * standardised, t = (target - mean) / sqrt(var + 1e-6) with the unbiased variance (MAE's
     * norm_pix_loss; needs L >= 2). Returns the scalar sum_r mask_r mean_j (pred - t)^2 / max(sum mask, 1):
     * the mean over the counted rows, divided on the device, so nothing is read to the host.
     */
    default Tensor maskedMse(Tensor pred, Tensor target, Tensor mask, boolean normTarget) {
        Tensor d = pred.sub(maskedMseTarget(target, normTarget));
        return d.mul(d).mean(false, 2).mul(mask).sum().div(mask.sum().maximum(1.0));
    }

    /** dPred (B, N, L) of {@link #maskedMse} for the scalar dOut: 2 (pred - t) mask_r dOut / (L max(sum mask, 1)). */
    default Tensor maskedMseBackward(Tensor pred, Tensor target, Tensor mask, boolean normTarget, Tensor dOut) {
        Tensor d = pred.sub(maskedMseTarget(target, normTarget));
        return d.mul(mask.unsqueeze(2)).mul(dOut.mul(2.0 / pred.size(2)).div(mask.sum().maximum(1.0)));
    }

    private static Tensor maskedMseTarget(Tensor target, boolean normTarget) {
        return normTarget ? target.sub(target.mean(true, 2)).div(target.var(true, 1, 2).add(1e-6).sqrt()) : target;
    }

    /**
     * Global average pooling: the mean of x along one axis, which is removed. x viewed as
     * (outer, A, inner) -> (outer, inner): a ResNet's (N, C, H * W) over axis 2, or ESGM's A V
     * (B, N, D) over its channels (axis 2) or its tokens (axis 1). Its backward is a broadcast.
     */
    default Tensor globalAvgPool(Tensor x, int axis) { return x.mean(false, axis); }

    /**
     * One AdamW step, in place on p, m and v (all of p's shape): m = b1 m + (1 - b1) g,
     * v = b2 v + (1 - b2) g^2, p = p (1 - lr wd) - lr m^ / (sqrt(v^) + eps), with bias-corrected
     * m^ = m / (1 - b1^step) and v^ = v / (1 - b2^step); step counts from 1.
     */
    default void adamw(Tensor p, Tensor g, Tensor m, Tensor v, double lr, double b1, double b2,
                       double eps, double weightDecay, long step) {
        m.assign(m.mul(b1).add(g.mul(1 - b1)));
        v.assign(v.mul(b2).add(g.mul(g).mul(1 - b2)));
        Tensor mHat = m.div(1 - Math.pow(b1, step)), vHat = v.div(1 - Math.pow(b2, step));
        p.assign(p.mul(1 - lr * weightDecay).sub(mHat.div(vHat.sqrt().add(eps)).mul(lr)));
    }
}
