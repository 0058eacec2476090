package facet.cuda;

import facet.kernels.ConvGeometry;
import facet.kernels.ReduceOp;
import facet.kernels.cuda.Attention;
import facet.kernels.cuda.Conv2d;
import facet.kernels.cuda.Gap;
import facet.kernels.cuda.Gemm;
import facet.kernels.cuda.Index;
import facet.kernels.cuda.Launch;
import facet.kernels.cuda.MaskedMse;
import facet.kernels.cuda.Norm;
import facet.kernels.cuda.Philox;
import facet.kernels.cuda.Reduce;
import facet.kernels.cuda.Softmax;
import facet.kernels.cuda.Sort;
import facet.tensor.AttentionGrads;
import facet.tensor.AttentionResult;
import facet.tensor.Backend;
import facet.tensor.ConvParams;
import facet.tensor.Convolution;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Shape;
import facet.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CUDA kernels themselves, tiles, shared memory, barriers and warp shuffles included, run on
 * the CPU emulator (kernels/src/test/cuda/emulator.h) with launches planned by the real Java
 * launchers, against the CPU backend. Tolerances as in the GPU tests: attention atol 1e-5 +
 * rtol 1e-4, GEMMs 1e-5 * sqrt(k), softmax and norm 1e-6, sorts and indices exact.
 * Not covered: the TF32 tensor-core kernels (no tensor cores to emulate) and the CudaBackend glue,
 * which the facet.cuda GPU tests cover on a GPU.
 */
class EmulatedKernelsTest {
    @BeforeEach
    void emulator() { Emulator.require(); }

    static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), DType.F32, shape); }

    /** Uploads the whole storage of a float32 view's base (a contiguous CPU tensor) and returns the view's address. */
    static long upload(Emulator e, Tensor base, Tensor view) {
        assertTrue(base.isContiguous() && base.offset() == 0 && view.storage() == base.storage(), "a view of the uploaded base");
        return Emulator.address(e.floats(base.toFloatArray())) + 4L * view.offset();
    }

    static void close(String what, float[] got, Tensor ref, double atol, double rtol) {
        double[] want = ref.toDoubleArray();
        assertEquals(want.length, got.length, what + ": sizes");
        for (int i = 0; i < want.length; i++) {
            boolean ok = Math.abs(got[i] - want[i]) <= atol + rtol * Math.abs(want[i]) || (Float.isNaN(got[i]) && Double.isNaN(want[i]))
                    || got[i] == want[i];   // equal infinities (the lse of a query that sees no key)
            int at = i;
            assertTrue(ok, () -> what + " [" + at + "]: emulated kernel " + got[at] + ", CPU " + want[at]);
        }
    }

    /** masked_mse.cu (forward, backward; plain and standardised target) and gap.cu (rows and columns) against the CPU kernels. */
    @Test
    void maskedMseAndGlobalAvgPool() throws Exception {
        for (boolean norm : new boolean[] {false, true}) {
            Tensor pred = randn(11, 3, 7, 45), target = randn(12, 3, 7, 45), dOut = Tensor.scalar(0.7);
            Tensor mask = Tensor.rand(new Generator(13), DType.F32, 3, 7).gt(0.5), x = randn(14, 4, 33, 5);
            Backend cpu = pred.backend();
            Emulator e = new Emulator();
            long pa = upload(e, pred, pred), ta = upload(e, target, target), ma = upload(e, mask, mask), da = upload(e, dOut, dOut);
            long xa = upload(e, x, x);
            int rows = e.zeros(4L * 21), loss = e.zeros(4), dp = e.zeros(4L * pred.numel()), overD = e.zeros(4L * 4 * 33), overT = e.zeros(4L * 4 * 5);
            for (Launch l : MaskedMse.forward(21, 45, norm, pa, ta, ma, Emulator.address(rows), Emulator.address(loss))) e.launch(l);
            e.launch(MaskedMse.backward(21, 45, norm, pa, ta, ma, da, Emulator.address(dp)));
            e.launch(Gap.forward(4 * 33, 5, 1, xa, Emulator.address(overD)));
            e.launch(Gap.forward(4, 33, 5, xa, Emulator.address(overT)));
            for (int id : new int[] {loss, dp, overD, overT}) e.output(id);
            List<String[]> r = e.run();
            close("masked_mse norm " + norm, Emulator.asFloats(r.get(0), 1), cpu.maskedMse(pred, target, mask, norm), 1e-6, 1e-5);
            close("masked_mse backward norm " + norm, Emulator.asFloats(r.get(1), pred.numel()),
                    cpu.maskedMseBackward(pred, target, mask, norm, dOut), 1e-6, 1e-5);
            close("gap over the last axis", Emulator.asFloats(r.get(2), 4 * 33), cpu.globalAvgPool(x, 2), 1e-6, 1e-5);
            close("gap over a middle axis", Emulator.asFloats(r.get(3), 4 * 5), cpu.globalAvgPool(x, 1), 1e-6, 1e-5);
        }
    }

    @Test
    void flashAttentionForwardAndBackwardWithABroadcastMask() throws Exception {
        for (int[] s : new int[][] {{2, 2, 9, 37, 16, 24}, {1, 1, 1, 1, 1, 1}, {1, 2, 65, 65, 64, 64}}) {
            int b = s[0], h = s[1], tq = s[2], tk = s[3], d = s[4], dv = s[5], bh = b * h;
            Tensor q = randn(1, b, h, tq, d), k = randn(2, b, h, tk, d), v = randn(3, b, h, tk, dv), dOut = randn(4, b, h, tq, dv);
            Tensor maskBase = Tensor.rand(new Generator(5), DType.F32, b, 1, tq, tk).gt(0.3);
            maskBase.narrow(2, 0, 1).assign(Tensor.scalar(0));                  // query 0 sees no key
            Tensor mask = maskBase.expand(b, h, tq, tk);
            double scale = 1 / Math.sqrt(d);
            Backend cpu = q.backend();
            AttentionResult ref = cpu.attention(q, k, v, mask, scale);
            AttentionGrads grads = cpu.attentionBackward(q, k, v, mask, scale, ref.out(), ref.lse(), dOut);

            Emulator e = new Emulator();
            long qa = upload(e, q, q), ka = upload(e, k, k), va = upload(e, v, v), ga = upload(e, dOut, dOut);
            Attention.Mask m = Attention.Mask.of(upload(e, maskBase, mask), mask.shape(), mask.strides());
            int out = e.zeros(4L * bh * tq * dv), lse = e.zeros(4L * bh * tq), delta = e.zeros(4L * bh * tq);
            int dq = e.zeros(4L * q.numel()), dk = e.zeros(4L * k.numel()), dvo = e.zeros(4L * v.numel());
            e.launch(Attention.forward(bh, tq, tk, d, dv, (float) scale, qa, ka, va, m, Emulator.address(out), Emulator.address(lse)));
            e.launch(Attention.backward(bh, tq, tk, d, dv, (float) scale, qa, ka, va, m, Emulator.address(out), Emulator.address(lse), ga,
                    Emulator.address(delta), Emulator.address(dq), Emulator.address(dk), Emulator.address(dvo)));
            for (int id : new int[] {out, lse, dq, dk, dvo}) e.output(id);
            List<String[]> r = e.run();
            String name = "attention " + Arrays.toString(s);
            close(name + " out", Emulator.asFloats(r.get(0), ref.out().numel()), ref.out(), 1e-5, 1e-4);
            close(name + " lse", Emulator.asFloats(r.get(1), ref.lse().numel()), ref.lse(), 1e-5, 1e-5);
            close(name + " dQ", Emulator.asFloats(r.get(2), q.numel()), grads.dQ(), 1e-5, 1e-4);
            close(name + " dK", Emulator.asFloats(r.get(3), k.numel()), grads.dK(), 1e-5, 1e-4);
            close(name + " dV", Emulator.asFloats(r.get(4), v.numel()), grads.dV(), 1e-5, 1e-4);
        }
    }

    @Test
    void softmaxAndNormOverStridedViews() throws Exception {
        Tensor base = randn(6, 6, 33, 5).mul(4), view = base.permute(2, 0, 1).slice(2, 0, 33, 3);
        Emulator e = new Emulator();
        long x = upload(e, base, view);
        int[] outs = new int[6];
        for (int axis = 0; axis < 3; axis++) {
            for (int log = 0; log < 2; log++) {
                outs[axis * 2 + log] = e.zeros(4L * view.numel());
                e.launch(Softmax.softmax(log == 1, view.shape(), view.strides(), axis, x, Emulator.address(outs[axis * 2 + log])));
            }
        }
        Tensor nb = randn(7, 4, 6, 65, 7).mul(3).add(1), nv = nb.permute(0, 3, 1, 2);     // (4, 7, 6, 65)
        int[] axes = {0, 2};
        boolean[] mask = {true, false, true, false};
        // the reference, composed over axes no layout names (the kernel takes any set): xhat, rstd, dX
        Tensor xc = nv.sub(nv.mean(true, axes)), rstdRef = xc.mul(xc).mean(true, axes).add(1e-5).rsqrt(), xhatRef = xc.mul(rstdRef);
        Tensor dy = randn(8, nv.shape());
        Tensor dxRef = rstdRef.mul(dy.sub(dy.mean(true, axes)).sub(xhatRef.mul(dy.mul(xhatRef).mean(true, axes))));
        long xa = upload(e, nb, nv), dya = upload(e, dy, dy);
        int xhat = e.zeros(4L * nv.numel()), rstd = e.zeros(4L * rstdRef.numel()), dx = e.zeros(4L * nv.numel());
        e.launch(Norm.forward(nv.shape(), nv.strides(), mask, 1e-5f, xa, Emulator.address(xhat), Emulator.address(rstd)));
        e.launch(Norm.backward(nv.shape(), mask, dya, dy.strides(), Emulator.address(xhat), Shape.contiguousStrides(nv.shape()),
                Emulator.address(rstd), Emulator.address(dx)));
        for (int id : outs) e.output(id);
        e.output(xhat);
        e.output(rstd);
        e.output(dx);
        List<String[]> r = e.run();
        for (int axis = 0; axis < 3; axis++) {
            close("softmax axis " + axis, Emulator.asFloats(r.get(axis * 2), view.numel()), view.softmax(axis), 1e-7, 1e-6);
            close("log_softmax axis " + axis, Emulator.asFloats(r.get(axis * 2 + 1), view.numel()), view.logSoftmax(axis), 1e-6, 1e-6);
        }
        close("norm xhat", Emulator.asFloats(r.get(6), nv.numel()), xhatRef, 1e-6, 1e-5);
        close("norm rstd", Emulator.asFloats(r.get(7), rstdRef.numel()), rstdRef, 1e-7, 1e-6);
        close("norm dX", Emulator.asFloats(r.get(8), nv.numel()), dxRef, 1e-5, 1e-4);
    }

    @Test
    void reductionsOnAllThreePathsAndArgMax() throws Exception {
        Emulator e = new Emulator();
        Tensor big = randn(9, 20000);
        Reduce.Plan split = Reduce.plan(1, 20000, 132);
        assertTrue(split.splits() > 1, split.toString());
        int s1 = e.zeros(4), ws = e.zeros(split.workspaceBytes());
        e.launch(Reduce.reduce(ReduceOp.SUM, big.shape(), big.strides(), new boolean[] {true}, upload(e, big, big), Emulator.address(s1), split,
                Emulator.address(ws)));
        Tensor base = randn(10, 3, 70, 5), view = base.permute(1, 0, 2);             // (70, 3, 5)
        base.narrow(1, 4, 1).narrow(0, 1, 1).narrow(2, 2, 1).assign(Tensor.scalar(Float.NaN));
        long va = upload(e, base, view);
        Reduce.Plan block = Reduce.plan(15, 70, 132), thread = Reduce.plan(70 * 5, 3, 132);
        int mx = e.zeros(60), mn = e.zeros(4 * 350);
        e.launch(Reduce.reduce(ReduceOp.MAX, view.shape(), view.strides(), new boolean[] {true, false, false}, va, Emulator.address(mx), block, 0));
        e.launch(Reduce.reduce(ReduceOp.MIN, view.shape(), view.strides(), new boolean[] {false, true, false}, va, Emulator.address(mn), thread, 0));
        Tensor ties = randn(11, 5, 40).mul(2).relu();
        int am = e.zeros(20);
        e.launch(Reduce.argReduce(false, ties.shape(), ties.strides(), 1, upload(e, ties, ties), Emulator.address(am)));
        e.output(s1);
        e.output(mx);
        e.output(mn);
        e.output(am);
        List<String[]> r = e.run();
        assertTrue(!block.perThread() && block.splits() == 1 && thread.perThread(), "the three kernels are exercised");
        close("sum in " + split.splits() + " splits", Emulator.asFloats(r.get(0), 1), big.sum(), 1e-5, 1e-6);
        close("max over dim 0 with a NaN", Emulator.asFloats(r.get(1), 15), view.max(true, 0), 0, 0);
        close("min over dim 1", Emulator.asFloats(r.get(2), 350), view.min(true, 1), 0, 0);
        assertArrayEquals(ties.argmin(1, false).toIntArray(), Arrays.stream(r.get(3)).limit(5).mapToInt(w -> Integer.parseUnsignedInt(w, 16)).toArray(),
                "argmin with ties");
    }

    @Test
    void tiledMatmulAndImplicitGemmConvolutions() throws Exception {
        Emulator e = new Emulator();
        Tensor aBase = randn(12, 3, 17, 65), a = aBase.transpose(1, 2), b = randn(13, 17, 63), bb = b.expand(3, 17, 63);
        int[] as = a.strides(), bs = bb.strides();
        int c = e.zeros(4L * 3 * 65 * 63);
        e.launch(Gemm.gemm(65, 63, 17, new int[] {3}, new int[] {as[0]}, new int[] {bs[0]}, upload(e, aBase, a), as[1], as[2],
                upload(e, b, b), bs[1], bs[2], Emulator.address(c), Gemm.Precision.FP32));
        ConvGeometry g = ConvGeometry.of(2, 4, 33, 33, 6, 3, 3).stride(2).pad(1).groups(2);      // K of dW = 2 * 17 * 17
        ConvParams p = new ConvParams(2, 2, 1, 1, 1, 1, 2);
        Tensor x = randn(14, 2, 4, 33, 33), w = randn(15, 6, 2, 3, 3);
        Tensor y = Convolution.conv2d(x, w, p), dy = randn(16, y.shape());
        Conv2d.WeightPlan plan = Conv2d.planWeight(g, 100_000);                     // many SMs: force the split reduction
        assertTrue(plan.splits() > 1, plan.toString());
        long xa = upload(e, x, x), wa = upload(e, w, w), dya = upload(e, dy, dy);
        int out = e.zeros(4L * y.numel()), dx = e.zeros(4L * x.numel()), dw = e.zeros(4L * w.numel()), ws = e.zeros(plan.workspaceBytes());
        e.launch(Conv2d.forward(g, xa, wa, Emulator.address(out), Gemm.Precision.FP32));
        e.launch(Conv2d.backwardInput(g, dya, wa, Emulator.address(dx), Gemm.Precision.FP32));
        e.launch(Conv2d.backwardWeight(g, xa, dya, Emulator.address(dw), Gemm.Precision.FP32, plan, Emulator.address(ws)));
        for (int id : new int[] {c, out, dx, dw}) e.output(id);
        List<String[]> r = e.run();
        close("matmul 65x17x63, transposed A, broadcast B", Emulator.asFloats(r.get(0), 3 * 65 * 63), a.matmul(bb), 1e-5 * Math.sqrt(17), 1e-5);
        close("conv2d", Emulator.asFloats(r.get(1), y.numel()), y, 1e-4, 1e-5);
        close("conv2d dX", Emulator.asFloats(r.get(2), x.numel()), Convolution.conv2dBackwardInput(dy, w, x.shape(), p), 1e-4, 1e-5);
        close("conv2d dW in " + plan.splits() + " splits", Emulator.asFloats(r.get(3), w.numel()),
                Convolution.conv2dBackwardWeight(x, dy, w.shape(), p), 1e-4, 1e-5);
    }

    @Test
    void bitonicArgsortGatherScatterAndPhilox() throws Exception {
        Emulator e = new Emulator();
        Tensor xs = randn(17, 3, 1000).mul(3).relu();                                 // ties at 0
        xs.narrow(1, 5, 1).assign(Tensor.scalar(Float.NaN));
        long xa = upload(e, xs, xs);
        int desc = e.zeros(4L * xs.numel()), asc = e.zeros(4L * xs.numel());
        e.launch(Sort.argsort(xs.shape(), xs.strides(), 1, true, xa, Emulator.address(desc)));
        Tensor t = xs.transpose(0, 1);                                               // (1000, 3): sort the length-1000 axis 0
        e.launch(Sort.argsort(t.shape(), t.strides(), 0, false, xa, Emulator.address(asc)));
        Tensor src = randn(18, 4, 6);
        int[] idx = {5, 0, 0, 3, 1, 1, 2, 4}, bad = {0, 6, 1, 2};
        int ia = e.ints(idx), ba = e.ints(bad), out = e.zeros(48), err = e.zeros(8), err2 = e.zeros(8), sc = e.zeros(4 * 24);
        long sa = upload(e, src, src);
        e.launch(Index.gather(new int[] {4, 2}, Emulator.address(ia), new int[] {2, 1}, sa, src.strides(), 1, 6, Emulator.address(out),
                Emulator.address(err)));
        e.launch(Index.gather(new int[] {4, 1}, Emulator.address(ba), new int[] {1, 1}, sa, src.strides(), 1, 6, Emulator.address(out) + 32,
                Emulator.address(err2)));
        Tensor vals = randn(19, 4, 2);
        e.launch(Index.scatterAdd(new int[] {4, 2}, Emulator.address(ia), new int[] {2, 1}, upload(e, vals, vals), vals.strides(),
                new int[] {4, 6}, 1, Emulator.address(sc), Emulator.address(err)));
        int rnd = e.zeros(4 * 1001);
        e.launch(Philox.fill(true, 1001, 42, 9, Emulator.address(rnd)));
        for (int id : new int[] {desc, asc, out, err, err2, sc, rnd}) e.output(id);
        List<String[]> r = e.run();
        assertArrayEquals(facet.tensor.Index.argsort(xs, 1, true).toIntArray(), hexInts(r.get(0)), "argsort descending, NaN and ties");
        assertArrayEquals(facet.tensor.Index.argsort(t, 0, false).toIntArray(), hexInts(r.get(1)), "argsort of a transposed view");
        Tensor index = Tensor.ofInts(idx, 4, 2);
        close("gather", Emulator.asFloats(r.get(2), 8), facet.tensor.Index.gather(src, 1, index), 0, 0);
        assertArrayEquals(new int[] {0, 0}, hexInts(r.get(3)), "no bad index in the first gather and the scatter");
        assertArrayEquals(new int[] {1, 6}, hexInts(r.get(4)), "the bad index is reported");
        close("scatter_add", Emulator.asFloats(r.get(5), 24), facet.tensor.Index.scatterAdd(new int[] {4, 6}, 1, index, vals), 1e-6, 1e-6);
        float[] want = new float[1001];
        facet.kernels.cpu.Philox.normal(42, 9, want, 0, 1001);
        float[] got = Emulator.asFloats(r.get(6), 1001);
        for (int i = 0; i < 1001; i++) assertEquals(Float.floatToIntBits(want[i]), Float.floatToIntBits(got[i]), "normal " + i);
    }

    /** A zeros() buffer prints as hex words; int results are their bit patterns. */
    static int[] hexInts(String[] words) { return Arrays.stream(words).mapToInt(w -> Integer.parseUnsignedInt(w, 16)).toArray(); }
}
