package facet.tensor;

import facet.kernels.BinaryOp;
import facet.kernels.ConvGeometry;
import facet.kernels.Epilogue;
import facet.kernels.PoolGeometry;
import facet.kernels.ReduceOp;
import facet.kernels.UnaryOp;
import facet.kernels.cpu.AdamW;
import facet.kernels.cpu.Attention;
import facet.kernels.cpu.Conv2d;
import facet.kernels.cpu.Elementwise;
import facet.kernels.cpu.Gap;
import facet.kernels.cpu.Gemm;
import facet.kernels.cpu.Index;
import facet.kernels.cpu.MaskedMse;
import facet.kernels.cpu.Norm;
import facet.kernels.cpu.Pool2d;
import facet.kernels.cpu.Reduce;
import facet.kernels.cpu.Softmax;
import facet.kernels.cpu.Sort;

/** The float32 host backend: adapts tensors to the kernels of {@code facet.kernels.cpu}. */
final class CpuBackend extends HostBackend {
    static final CpuBackend INSTANCE = new CpuBackend();

    @Override public Tensor unary(UnaryOp op, Tensor x) {
        Tensor out = output(DType.F32, x.shape());
        Elementwise.unary(op, f32(x), x.offset(), x.strides(), x.shape(), f32(out));
        return out;
    }

    @Override public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = output(DType.F32, a.shape());
        Elementwise.binary(op, f32(a), a.offset(), a.strides(), f32(b), b.offset(), b.strides(), a.shape(), f32(out));
        return out;
    }

    @Override public Tensor where(Tensor c, Tensor a, Tensor b) {
        Tensor out = output(DType.F32, a.shape());
        Elementwise.where(f32(c), c.offset(), c.strides(), f32(a), a.offset(), a.strides(),
                f32(b), b.offset(), b.strides(), a.shape(), f32(out));
        return out;
    }

    /** One pass per row where that equals the composed softmax bit for bit (contiguous rows, a whole number of vectors long). */
    @Override public Tensor softmax(Tensor x, int axis) {
        int n = x.size(axis);
        if (axis != x.dim() - 1 || !x.isContiguous() || !Softmax.fuses(n)) return super.softmax(x, axis);
        Tensor out = output(DType.F32, x.shape());
        Softmax.rows(f32(x), x.offset(), f32(out), x.numel() / n, n);
        return out;
    }

    @Override public Tensor reduce(ReduceOp op, Tensor x, boolean[] mask) {
        Tensor out = empty(DType.F32, Shape.reduced(x.shape(), mask, true));
        Reduce.reduce(op, f32(x), x.offset(), x.strides(), x.shape(), mask, f32(out));
        return out;
    }

    @Override public Tensor argReduce(boolean max, Tensor x, int axis) {
        boolean[] mask = new boolean[x.dim()];
        mask[axis] = true;
        Tensor out = empty(DType.I32, Shape.reduced(x.shape(), mask, false));
        Reduce.argReduce(max, f32(x), x.offset(), x.strides(), x.shape(), axis, i32(out));
        return out;
    }

    @Override public Tensor matmul(Tensor a, Tensor b) {
        int r = a.dim(), m = a.size(r - 2), k = a.size(r - 1), n = b.size(r - 1);
        int[] outShape = a.shape().clone();
        outShape[r - 1] = n;
        Tensor out = output(DType.F32, outShape);
        int[] ao = batchOffsets(a), bo = batchOffsets(b);
        int[] as = a.strides(), bs = b.strides();
        for (int i = 0; i < ao.length; i++) {
            Gemm.gemm(m, n, k, Gemm.strided(f32(a), ao[i], as[r - 2], as[r - 1]), Gemm.strided(f32(b), bo[i], bs[r - 2], bs[r - 1]),
                    Gemm.Out.into(f32(out), i * m * n, n));
        }
        return out;
    }

    @Override public Tensor conv2d(Tensor x, Tensor w, ConvGeometry g) {
        Tensor out = output(DType.F32, g.n(), g.o(), g.oh(), g.ow());
        Conv2d.forward(g, dense(x), dense(w), f32(out));
        return out;
    }

    @Override public Tensor conv2dBackwardInput(Tensor dOut, Tensor w, ConvGeometry g) {
        Tensor dX = empty(DType.F32, g.n(), g.c(), g.h(), g.w());
        Conv2d.backwardInput(g, dense(dOut), dense(w), f32(dX));
        return dX;
    }

    @Override public Tensor conv2dBackwardWeight(Tensor x, Tensor dOut, ConvGeometry g) {
        Tensor dW = empty(DType.F32, g.o(), g.cg(), g.kh(), g.kw());
        Conv2d.backwardWeight(g, dense(x), dense(dOut), f32(dW));
        return dW;
    }

    @Override public MaxPoolResult maxPool2d(Tensor x, PoolGeometry g) {
        Tensor out = empty(DType.F32, g.planes(), g.oh(), g.ow());
        Tensor idx = empty(DType.I32, g.planes(), g.oh(), g.ow());
        Pool2d.max(g, dense(x), f32(out), i32(idx));
        return new MaxPoolResult(out, idx);
    }

    @Override public Tensor avgPool2d(Tensor x, PoolGeometry g, boolean countPad) {
        Tensor out = empty(DType.F32, g.planes(), g.oh(), g.ow());
        Pool2d.avg(g, dense(x), f32(out), countPad);
        return out;
    }

    @Override public Tensor avgPool2dBackward(Tensor dOut, PoolGeometry g, boolean countPad) {
        Tensor dX = empty(DType.F32, g.planes(), g.h(), g.w());
        Pool2d.avgBackward(g, dense(dOut), f32(dX), countPad);
        return dX;
    }

    @Override public Tensor gather(Tensor x, int axis, Tensor index) {
        Tensor out = empty(DType.F32, index.shape());
        Index.gather(f32(x), x.offset(), x.strides(), axis, x.size(axis),
                i32(index), index.offset(), index.strides(), index.shape(), f32(out));
        return out;
    }

    @Override public Tensor scatterAdd(int[] shape, int axis, Tensor index, Tensor src) {
        Tensor out = empty(DType.F32, shape);
        Index.scatterAdd(f32(out), shape, axis, i32(index), index.offset(), index.strides(),
                f32(src), src.offset(), src.strides(), index.shape());
        return out;
    }

    @Override public Tensor argsort(Tensor x, int axis, boolean descending) {
        Tensor out = empty(DType.I32, x.shape());
        Sort.argsort(f32(x), x.offset(), x.strides(), x.shape(), axis, descending, i32(out));
        return out;
    }

    // ---- fused overrides -------------------------------------------------------------------

    /**
     * Both layouts are one fused pass over x (N, C, P) or (R, D) as contiguous arrays; batch norm
     * writes its epilogue in that pass, layer norm applies it after (no model fuses one there).
     */
    @Override public NormResult normalize(Tensor x, Tensor gamma, Tensor beta, NormLayout layout, double eps, Epilogue<Tensor> epilogue) {
        layout.check("normalize", x, gamma, beta, epilogue);
        int[] statShape = Shape.reduced(x.shape(), Shape.axesMask("normalize", layout.axes(x.dim()), x.dim()), true);
        Tensor y = output(DType.F32, x.shape()), mean = empty(DType.F32, statShape), rstd = empty(DType.F32, statShape);
        float[] g = gamma == null ? null : dense(gamma), b = beta == null ? null : dense(beta);
        int c = layout.features(x.shape()), rows = x.numel() / Math.max(c, 1);
        switch (layout) {
            case NormLayout.Batch bn -> Norm.channelsForward(x.size(0), c, rows / Math.max(x.size(0), 1), dense(x), g, b, eps,
                    epilogue.map(CpuBackend::dense), f32(y), f32(mean), f32(rstd));
            case NormLayout.Layer ln -> {
                Norm.rowsForward(rows, c, dense(x), g, b, eps, f32(y), f32(mean), f32(rstd));
                y = Backend.epilogue(epilogue, y);
            }
        }
        return new NormResult(y, mean, rstd);
    }

    /** Batch norm masks dY by y > 0 as it reads it after a ReLU; with a residual, or in layer norm, the mask is one pass first. */
    @Override public NormGrads normalizeBackward(Tensor dOut, Tensor x, Tensor gamma, Tensor beta, NormLayout layout,
                                                 Epilogue<Tensor> epilogue, NormResult saved) {
        boolean maskInKernel = layout instanceof NormLayout.Batch && epilogue instanceof Epilogue.Relu;
        Tensor d = maskInKernel ? dOut : Backend.reluBackward(epilogue, dOut, saved.y());
        Tensor dx = output(DType.F32, x.shape());
        Tensor dg = gamma == null ? null : empty(DType.F32, gamma.shape()), db = beta == null ? null : empty(DType.F32, beta.shape());
        float[] g = gamma == null ? null : dense(gamma), dgA = dg == null ? null : f32(dg), dbA = db == null ? null : f32(db);
        int c = layout.features(x.shape()), rows = x.numel() / Math.max(c, 1);
        switch (layout) {
            case NormLayout.Batch bn -> Norm.channelsBackward(x.size(0), c, rows / Math.max(x.size(0), 1), dense(d), dense(x),
                    dense(saved.mean()), dense(saved.rstd()), g, maskInKernel ? dense(saved.y()) : null, f32(dx), dgA, dbA);
            case NormLayout.Layer ln -> Norm.rowsBackward(rows, c, dense(d), dense(x), dense(saved.mean()), dense(saved.rstd()), g,
                    f32(dx), dgA, dbA);
        }
        return new NormGrads(dx, dg, db, epilogue instanceof Epilogue.AddRelu ? d : null);
    }

    /** The bias seeds the GEMM's accumulators: no separate pass over the output. */
    @Override public Tensor linear(Tensor x, Tensor w, Tensor b) {
        int m = x.size(0), k = x.size(1), n = w.size(0);
        Tensor out = output(DType.F32, m, n);
        int[] xs = x.strides(), ws = w.strides();
        Gemm.Strided2d wT = Gemm.strided(f32(w), w.offset(), ws[0], ws[1]).transposed();   // w (N, K) read as w^T (K, N), no copy
        Gemm.Out y = Gemm.Out.into(f32(out), 0, n);
        Gemm.gemm(m, n, k, Gemm.strided(f32(x), x.offset(), xs[0], xs[1]), wT, b == null ? y : y.plusBias(dense(b), 0));
        return out;
    }

    @Override public AttentionResult attention(Tensor q, Tensor k, Tensor v, Tensor mask, double scale) {
        int r = q.dim(), tq = q.size(r - 2), tk = k.size(r - 2), d = q.size(r - 1), dv = v.size(r - 1);
        int[] outShape = q.shape();
        outShape[r - 1] = dv;
        Tensor out = tokenMajor(outShape, true), lse = empty(DType.F32, java.util.Arrays.copyOf(q.shape(), r - 1));
        Attention.forward(heads(q).length, tq, tk, d, dv, rows(q), rows(k), rows(v), mask(mask), (float) scale, rows(out), f32(lse));
        return new AttentionResult(out, lse);
    }

    @Override public AttentionGrads attentionBackward(Tensor q, Tensor k, Tensor v, Tensor mask, double scale,
                                                      Tensor out, Tensor lse, Tensor dOut) {
        Tensor dq = tokenMajor(q.shape(), false), dk = tokenMajor(k.shape(), false), dV = tokenMajor(v.shape(), false);
        attentionBackwardInto(q, k, v, mask, scale, out, lse, dOut, dq, dk, dV);
        return new AttentionGrads(dq, dk, dV);
    }

    /** The kernel writes each head's rows in place, so views whose rows are contiguous need no copy. */
    @Override public void attentionBackwardInto(Tensor q, Tensor k, Tensor v, Tensor mask, double scale, Tensor out, Tensor lse,
                                                Tensor dOut, Tensor dq, Tensor dk, Tensor dv) {
        if (dq.strides()[dq.dim() - 1] != 1 || dk.strides()[dk.dim() - 1] != 1 || dv.strides()[dv.dim() - 1] != 1) {
            super.attentionBackwardInto(q, k, v, mask, scale, out, lse, dOut, dq, dk, dv);
            return;
        }
        int r = q.dim(), tq = q.size(r - 2), tk = k.size(r - 2), d = q.size(r - 1), dvDim = v.size(r - 1);
        Attention.backward(heads(q).length, tq, tk, d, dvDim, rows(q), rows(k), rows(v), mask(mask), (float) scale,
                rows(out), dense(lse), rows(dOut), rows(dq), rows(dk), rows(dv));
    }

    /**
     * A fresh tensor of shape (B, H, T, D) stored as (B, T, H, D), so that the usual head merge,
     * transpose(1, 2).reshape(B, T, H * D), is a view; other ranks are stored contiguously.
     * Zero-filled unless forOverwrite (the forward writes every row; the backward accumulates).
     */
    private static Tensor tokenMajor(int[] shape, boolean forOverwrite) {
        int[] stored = shape.length != 4 ? shape : new int[] {shape[0], shape[2], shape[1], shape[3]};
        Tensor t = forOverwrite ? output(DType.F32, stored) : empty(DType.F32, stored);
        return shape.length != 4 ? t : t.permute(0, 2, 1, 3);
    }

    /** t (..., T, D) as heads of contiguous rows (a copy only when its last dim is strided). */
    private static Attention.Heads rows(Tensor t) {
        Tensor u = t.strides()[t.dim() - 1] == 1 ? t : t.contiguous();
        return new Attention.Heads(f32(u), heads(u), u.strides()[u.dim() - 2]);
    }

    private static Attention.Mask mask(Tensor m) {
        return m == null ? null : new Attention.Mask(f32(m), heads(m), m.strides()[m.dim() - 2], m.strides()[m.dim() - 1]);
    }

    /** Storage offset of each head of t (..., T, D): one per index of the batch dims, row-major, broadcast dims included. */
    private static int[] heads(Tensor t) {
        int nb = t.dim() - 2;
        int[] sh = t.shape(), st = t.strides(), idx = new int[nb];
        int[] off = new int[Shape.numel(java.util.Arrays.copyOf(sh, nb))];
        for (int b = 0; b < off.length; b++) {
            int o = t.offset();
            for (int i = 0; i < nb; i++) o += idx[i] * st[i];
            off[b] = o;
            for (int i = nb - 1; i >= 0 && ++idx[i] == sh[i]; i--) idx[i] = 0;
        }
        return off;
    }

    @Override public void adamw(Tensor p, Tensor g, Tensor m, Tensor v, double lr, double b1, double b2,
                                double eps, double weightDecay, long step) {
        if (!(p.isContiguous() && m.isContiguous() && v.isContiguous() && p.offset() == 0 && m.offset() == 0 && v.offset() == 0)) {
            super.adamw(p, g, m, v, lr, b1, b2, eps, weightDecay, step);
            return;
        }
        AdamW.step(f32(p), dense(g), f32(m), f32(v), p.numel(), lr, b1, b2, eps, weightDecay, step);
    }

    /** One pass over the counted rows; the scalar is written on the host, where this backend lives. */
    @Override public Tensor maskedMse(Tensor pred, Tensor target, Tensor mask, boolean normTarget) {
        return Tensor.scalar(MaskedMse.forward(pred.size(0) * pred.size(1), pred.size(2), dense(pred), dense(target), dense(mask), normTarget));
    }

    @Override public Tensor maskedMseBackward(Tensor pred, Tensor target, Tensor mask, boolean normTarget, Tensor dOut) {
        Tensor dPred = empty(DType.F32, pred.shape());
        MaskedMse.backward(pred.size(0) * pred.size(1), pred.size(2), dense(pred), dense(target), dense(mask), normTarget,
                (float) dOut.item(), f32(dPred));
        return dPred;
    }

    @Override public Tensor globalAvgPool(Tensor x, int axis) {
        int[] s = x.shape();
        int outer = Shape.numel(java.util.Arrays.copyOf(s, axis)), inner = Shape.numel(java.util.Arrays.copyOfRange(s, axis + 1, s.length));
        int[] outShape = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != axis) outShape[j++] = s[i];
        Tensor out = empty(DType.F32, outShape);
        Gap.forward(outer, s[axis], inner, dense(x), f32(out));
        return out;
    }

    /** The contiguous float array of t from element 0: the layout conv and pool kernels take. */
    private static float[] dense(Tensor t) {
        Tensor c = t.contiguous();
        return c.offset() == 0 ? f32(c) : f32(c.copy());
    }
}
