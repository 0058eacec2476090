package facet.cuda;

import facet.kernels.Epilogue;
import facet.tensor.AttentionGrads;
import facet.tensor.AttentionResult;
import facet.tensor.Backend;
import facet.tensor.Backends;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.NormGrads;
import facet.tensor.NormLayout;
import facet.tensor.NormResult;
import facet.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

/**
 * The fused kernels that replace Backend's composed defaults: softmax / log-softmax, flash
 * attention and its backward, normalize and its backward, AdamW. Each is compared with the
 * CPU backend and with the composed default evaluated on the GPU itself (the contract of a fused
 * override). Softmax and normalize round where the composition rounds: rtol 1e-6. Attention
 * accumulates in another order: atol 1e-5, rtol 1e-4. AdamW rounds op by op like the composition:
 * bit-identical.
 */
class CudaFusedTest {
    Device gpu;

    @BeforeEach
    void gpu() { gpu = Gpu.require(); }

    /** The composed defaults, reached through a Backend that overrides nothing. */
    static final class Composed implements Backend {
        private final Backend b;

        Composed(Backend b) { this.b = b; }

        @Override public facet.tensor.Storage allocate(DType d, int n) { return b.allocate(d, n); }
        @Override public facet.tensor.Storage fromArray(Object a) { return b.fromArray(a); }
        @Override public Object toArray(Tensor t) { return b.toArray(t); }
        @Override public void copy(Tensor s, Tensor d) { b.copy(s, d); }
        @Override public Tensor unary(facet.kernels.UnaryOp op, Tensor x) { return b.unary(op, x); }
        @Override public Tensor binary(facet.kernels.BinaryOp op, Tensor x, Tensor y) { return b.binary(op, x, y); }
        @Override public Tensor where(Tensor c, Tensor x, Tensor y) { return b.where(c, x, y); }
        @Override public Tensor reduce(facet.kernels.ReduceOp op, Tensor x, boolean[] m) { return b.reduce(op, x, m); }
        @Override public Tensor argReduce(boolean max, Tensor x, int axis) { return b.argReduce(max, x, axis); }
        @Override public Tensor matmul(Tensor x, Tensor y) { return b.matmul(x, y); }
        @Override public Tensor conv2d(Tensor x, Tensor w, facet.kernels.ConvGeometry g) { return b.conv2d(x, w, g); }
        @Override public Tensor conv2dBackwardInput(Tensor d, Tensor w, facet.kernels.ConvGeometry g) { return b.conv2dBackwardInput(d, w, g); }
        @Override public Tensor conv2dBackwardWeight(Tensor x, Tensor d, facet.kernels.ConvGeometry g) { return b.conv2dBackwardWeight(x, d, g); }
        @Override public facet.tensor.MaxPoolResult maxPool2d(Tensor x, facet.kernels.PoolGeometry g) { return b.maxPool2d(x, g); }
        @Override public Tensor avgPool2d(Tensor x, facet.kernels.PoolGeometry g, boolean c) { return b.avgPool2d(x, g, c); }
        @Override public Tensor avgPool2dBackward(Tensor d, facet.kernels.PoolGeometry g, boolean c) { return b.avgPool2dBackward(d, g, c); }
        @Override public Tensor gather(Tensor x, int axis, Tensor i) { return b.gather(x, axis, i); }
        @Override public Tensor scatterAdd(int[] s, int axis, Tensor i, Tensor src) { return b.scatterAdd(s, axis, i, src); }
        @Override public Tensor argsort(Tensor x, int axis, boolean d) { return b.argsort(x, axis, d); }
        @Override public Tensor random(int[] s, DType d, Distribution dist, long seed, long off) { return b.random(s, d, dist, seed, off); }
    }

    Backend fused() { return Backends.of(gpu, DType.F32); }

    Backend composed() { return new Composed(fused()); }

    /** op on the GPU (fused), on the GPU composed, and on the CPU backend. */
    void three(String what, Function<Backend, Tensor> onGpu, Tensor cpu, double atol, double rtol) {
        Tensor f = onGpu.apply(fused());
        Gpu.close(what + " (fused vs composed on the GPU)", f, onGpu.apply(composed()).to(Device.CPU), atol, rtol);
        Gpu.close(what + " (CUDA vs CPU)", f, cpu, atol, rtol);
    }

    @Test
    void softmaxAndLogSoftmaxAlongEveryAxisOfAView() {
        Tensor x = Gpu.randn(1, 6, 33, 5).mul(4);
        Tensor v = x.permute(2, 0, 1).slice(2, 0, 33, 3), d = x.to(gpu).permute(2, 0, 1).slice(2, 0, 33, 3);
        for (int axis = 0; axis < 3; axis++) {
            int a = axis;
            three("softmax axis " + a, b -> b.softmax(d, a), v.softmax(a), 1e-7, 1e-6);
            three("log_softmax axis " + a, b -> b.logSoftmax(d, a), v.logSoftmax(a), 1e-6, 1e-6);
        }
        Tensor wide = Gpu.randn(2, 3, 5000).mul(20);
        three("softmax of 5000", b -> b.softmax(wide.to(gpu), 1), wide.softmax(1), 1e-7, 1e-6);
    }

    /** {B, H, Tq, Tk, D, Dv}: ViT and MAE shapes, size 1, tiles of 32 keys and 8 queries plus one, D at the limit and past it. */
    static final int[][] ATTENTION = {
            {2, 3, 65, 65, 64, 64}, {1, 1, 1, 1, 1, 1}, {2, 2, 5, 37, 16, 24}, {1, 2, 33, 97, 128, 128},
            {2, 1, 9, 50, 129, 32}, {3, 4, 50, 50, 64, 64},
    };

    @Test
    void flashAttentionForwardAndBackwardWithAndWithoutMasks() {
        for (int[] s : ATTENTION) {
            Tensor q = Gpu.randn(s[2], s[0], s[1], s[2], s[4]), k = Gpu.randn(s[3], s[0], s[1], s[3], s[4]);
            Tensor v = Gpu.randn(s[5] + 1, s[0], s[1], s[3], s[5]), dOut = Gpu.randn(7, s[0], s[1], s[2], s[5]);
            // 1 = may attend; broadcast over heads; query 0 of batch 0 sees nothing (every weight exp(s - lse) = 1, as composed)
            Tensor mask = Gpu.uniform(11, 0, 1, s[0], 1, s[2], s[3]).gt(0.3);
            mask.narrow(0, 0, 1).narrow(2, 0, 1).assign(Tensor.scalar(0));
            for (Tensor m : new Tensor[] {null, mask.expand(s[0], s[1], s[2], s[3])}) {
                String name = "attention " + java.util.Arrays.toString(s) + (m == null ? "" : " masked");
                double scale = 1 / Math.sqrt(s[4]);
                AttentionResult ref = q.backend().attention(q, k, v, m, scale);
                Tensor qd = q.to(gpu), kd = k.to(gpu), vd = v.to(gpu), md = m == null ? null : mask.to(gpu).expand(m.shape());
                three(name + " out", b -> b.attention(qd, kd, vd, md, scale).out(), ref.out(), 1e-5, 1e-4);
                three(name + " lse", b -> b.attention(qd, kd, vd, md, scale).lse(), ref.lse(), 1e-5, 1e-5);
                AttentionResult got = fused().attention(qd, kd, vd, md, scale);
                AttentionGrads gRef = q.backend().attentionBackward(q, k, v, m, scale, ref.out(), ref.lse(), dOut);
                Tensor dd = dOut.to(gpu);
                java.util.Map<String, java.util.function.Function<AttentionGrads, Tensor>> grads =
                        java.util.Map.of("dQ", AttentionGrads::dQ, "dK", AttentionGrads::dK, "dV", AttentionGrads::dV);
                grads.forEach((gradName, part) -> three(name + " " + gradName,
                        b -> part.apply(b.attentionBackward(qd, kd, vd, md, scale, got.out(), got.lse(), dd)), part.apply(gRef), 1e-5, 1e-4));
            }
        }
    }

    /** Both layouts on a strided view, with each epilogue: y, rstd, and dX, dGamma, dBeta, dResidual. */
    @Test
    void normalizeForLayerNormAndBatchNormShapes() {
        Tensor x = Gpu.randn(3, 4, 6, 65, 7).mul(3).add(1);
        Tensor view = x.permute(0, 3, 1, 2);                      // (4, 7, 6, 65), strided
        Tensor vd = x.to(gpu).permute(0, 3, 1, 2), res = Gpu.randn(4, view.shape());
        for (NormLayout layout : new NormLayout[] {NormLayout.layer(1), NormLayout.layer(2), NormLayout.BATCH}) {
            int[] affine = layout instanceof NormLayout.Batch ? new int[] {1, 7, 1, 1} : java.util.Arrays.copyOfRange(view.shape(), 4 - layout.axes(4).length, 4);
            Tensor g = Gpu.randn(5, affine), b = Gpu.randn(6, affine), gd = g.to(gpu), bd = b.to(gpu);
            Tensor dy = Gpu.randn(9, view.shape()), dyd = dy.to(gpu).transpose(1, 2).contiguous().transpose(1, 2);
            for (Epilogue<Tensor> e : java.util.List.of(Epilogue.<Tensor>none(), Epilogue.<Tensor>relu(), Epilogue.addRelu(res))) {
                String name = "normalize " + layout + " " + e.getClass().getSimpleName();
                Epilogue<Tensor> ed = e.map(t -> t.to(gpu));
                NormResult ref = view.backend().normalize(view, g, b, layout, 1e-5, e);
                three(name + " y", be -> be.normalize(vd, gd, bd, layout, 1e-5, ed).y(), ref.y(), 1e-5, 1e-5);
                three(name + " rstd", be -> be.normalize(vd, gd, bd, layout, 1e-5, ed).rstd(), ref.rstd(), 1e-7, 1e-6);
                NormResult got = fused().normalize(vd, gd, bd, layout, 1e-5, ed);
                NormResult saved = new NormResult(ref.y().to(gpu), got.mean(), got.rstd());   // one ReLU mask for all three
                NormGrads refB = view.backend().normalizeBackward(dy, view, g, b, layout, e, ref);
                java.util.Map<String, java.util.function.Function<NormGrads, Tensor>> grads = new java.util.LinkedHashMap<>();
                grads.put("dX", NormGrads::dX);
                grads.put("dGamma", NormGrads::dGamma);
                grads.put("dBeta", NormGrads::dBeta);
                if (e instanceof Epilogue.AddRelu) grads.put("dResidual", NormGrads::dResidual);
                grads.forEach((gradName, part) -> three(name + " " + gradName,
                        be -> part.apply(be.normalizeBackward(dyd, vd, gd, bd, layout, ed, saved)), part.apply(refB), 1e-4, 1e-4));
            }
        }
    }

    @Test
    void adamwIsBitIdenticalToTheComposedCpuStep() {
        int[] shape = {65, 33};
        Tensor p = Gpu.randn(1, shape), m = Tensor.zeros(shape), v = Tensor.zeros(shape);
        Tensor pd = p.to(gpu), md = m.to(gpu), vd = v.to(gpu);
        for (int step = 1; step <= 3; step++) {
            Tensor g = Gpu.randn(10 + step, shape);
            p.backend().adamw(p, g, m, v, 1e-3, 0.9, 0.95, 1e-8, 0.05, step);
            fused().adamw(pd, g.to(gpu), md, vd, 1e-3, 0.9, 0.95, 1e-8, 0.05, step);
            Gpu.identical("p after step " + step, pd, p);
            Gpu.identical("m after step " + step, md, m);
            Gpu.identical("v after step " + step, vd, v);
        }
    }
}
