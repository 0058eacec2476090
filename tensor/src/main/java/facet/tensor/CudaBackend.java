package facet.tensor;

import facet.kernels.BinaryOp;
import facet.kernels.ConvGeometry;
import facet.kernels.Epilogue;
import facet.kernels.PoolGeometry;
import facet.kernels.ReduceOp;
import facet.kernels.UnaryOp;
import facet.kernels.cuda.AdamW;
import facet.kernels.cuda.Attention;
import facet.kernels.cuda.Conv2d;
import facet.kernels.cuda.CudaDevice;
import facet.kernels.cuda.GpuDevice;
import facet.kernels.cuda.DeviceAllocator;
import facet.kernels.cuda.Elementwise;
import facet.kernels.cuda.Gap;
import facet.kernels.cuda.Gemm;
import facet.kernels.cuda.Index;
import facet.kernels.cuda.Launch;
import facet.kernels.cuda.MaskedMse;
import facet.kernels.cuda.Norm;
import facet.kernels.cuda.Philox;
import facet.kernels.cuda.Pool2d;
import facet.kernels.cuda.Reduce;
import facet.kernels.cuda.Softmax;
import facet.kernels.cuda.Sort;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The CUDA backend of one device: adapts tensors to the launchers of {@code facet.kernels.cuda}
 * (device addresses, sizes, strides) and queues the kernels on the device's stream.
 *
 * <p>float32 is the compute type. int32 (indices, labels) and float64 tensors live on the device
 * for storage, copies and casts, so {@code item()} and {@code to(DType)} work; arithmetic on a
 * float64 CUDA tensor fails with a sentence saying to move it to the CPU. Work is queued on the
 * device's one stream; host reads (toArray, item) wait for it. Gather and scatter-add do not: each
 * call writes its out-of-range flag into a slot of a pool that the next host read checks (argsort of
 * rows too long for its shared-memory sort still runs on the host). Fused kernels replace these
 * compositions of {@link Backend}: softmax and log-softmax, attention (flash style) and its backward,
 * AdamW, the standardising part of normalize and its backward (norm.cu; the affine part and the
 * epilogue stay tensor ops), masked MSE and its backward, and global average pooling. linear and
 * attentionBackwardInto keep the composed defaults.
 */
final class CudaBackend implements Backend {
    private static final Map<Integer, CudaBackend> BACKENDS = new HashMap<>();

    /** The GEMM and convolution core: FP32 unless -Dfacet.cuda.matmul=tf32 or {@link Backends#withCudaMatmulPrecision}. */
    static volatile Gemm.Precision precision =
            "tf32".equalsIgnoreCase(System.getProperty("facet.cuda.matmul", "fp32")) ? Gemm.Precision.TF32 : Gemm.Precision.FP32;

    private final Device device;
    private final GpuDevice gpu;
    private final IndexChecks indexChecks;

    private CudaBackend(Device device, GpuDevice gpu) {
        this.device = device;
        this.gpu = gpu;
        this.indexChecks = new IndexChecks();
    }

    /** The backend of a CUDA device, or an IllegalStateException saying why it is unavailable. */
    static synchronized CudaBackend of(Device device) {
        return BACKENDS.computeIfAbsent(device.index(), i -> new CudaBackend(device, CudaDevice.get(i)));
    }

    // =========================================================================================
    // Storage and copies
    // =========================================================================================

    @Override public Storage allocate(DType dtype, int n) {
        CudaStorage s = new CudaStorage(gpu, device, dtype, n);
        gpu.fill32(s.address(), 0, (long) n * dtype.bytes / 4);
        return s;
    }

    @Override public Storage fromArray(Object array) {
        DType dt = switch (array) {
            case float[] ignored -> DType.F32;
            case double[] ignored -> DType.F64;
            case int[] ignored -> DType.I32;
            default -> throw new IllegalArgumentException("fromArray: expected float[], double[] or int[], got "
                    + array.getClass().getSimpleName());
        };
        int n = java.lang.reflect.Array.getLength(array);
        CudaStorage s = new CudaStorage(gpu, device, dt, n);
        switch (array) {    // a one-word scalar is a queued memset: no host synchronisation per scalar op
            case float[] f when n == 1 -> gpu.fill32(s.address(), Float.floatToRawIntBits(f[0]), 1);
            case int[] i when n == 1 -> gpu.fill32(s.address(), i[0], 1);
            default -> gpu.upload(array, s.address());
        }
        return s;
    }

    @Override public Object toArray(Tensor t) {
        Tensor c = t.contiguous();
        Object a = switch (c.dtype()) {
            case F32 -> new float[c.numel()];
            case F64 -> new double[c.numel()];
            case I32 -> new int[c.numel()];
        };
        gpu.download(addr(c), a);
        indexChecks.check();     // the read has waited for the stream: the queued index checks cost one small copy more
        return a;
    }

    @Override public void copy(Tensor src, Tensor dst) {
        gpu.run(Elementwise.copy(type(src), type(dst), dst.shape(), addr(src), src.strides(), addr(dst), dst.strides()));
    }

    // =========================================================================================
    // Elementwise and reductions
    // =========================================================================================

    @Override public Tensor unary(UnaryOp op, Tensor x) {
        f32(op.name().toLowerCase(), x);
        Tensor out = empty(DType.F32, x.shape());
        gpu.run(Elementwise.unary(op, x.shape(), addr(x), x.strides(), addr(out)));
        return out;
    }

    @Override public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        f32(op.name().toLowerCase(), a);
        Tensor out = empty(DType.F32, a.shape());
        gpu.run(Elementwise.binary(op, a.shape(), addr(a), a.strides(), addr(b), b.strides(), addr(out)));
        return out;
    }

    @Override public Tensor where(Tensor c, Tensor a, Tensor b) {
        f32("where", a);
        Tensor out = empty(DType.F32, a.shape());
        gpu.run(Elementwise.where(a.shape(), addr(c), c.strides(), addr(a), a.strides(), addr(b), b.strides(), addr(out)));
        return out;
    }

    @Override public Tensor reduce(ReduceOp op, Tensor x, boolean[] mask) {
        f32(op.name().toLowerCase(), x);
        Tensor out = empty(DType.F32, Shape.reduced(x.shape(), mask, true));
        long m = out.numel(), k = m == 0 ? 0 : (long) x.numel() / m;
        Reduce.Plan plan = Reduce.plan(m, k, gpu.multiprocessors());
        try (Workspace ws = new Workspace(plan.workspaceBytes())) {
            gpu.run(Reduce.reduce(op, x.shape(), x.strides(), mask, addr(x), addr(out), plan, ws.address()));
        }
        return out;
    }

    @Override public Tensor argReduce(boolean max, Tensor x, int axis) {
        f32(max ? "argmax" : "argmin", x);
        boolean[] mask = new boolean[x.dim()];
        mask[axis] = true;
        Tensor out = empty(DType.I32, Shape.reduced(x.shape(), mask, false));
        gpu.run(Reduce.argReduce(max, x.shape(), x.strides(), axis, addr(x), addr(out)));
        return out;
    }

    // =========================================================================================
    // Linear algebra and convolution
    // =========================================================================================

    @Override public Tensor matmul(Tensor a, Tensor b) {
        f32("matmul", a);
        int r = a.dim(), m = a.size(r - 2), k = a.size(r - 1), n = b.size(r - 1);
        int[] outShape = a.shape();
        outShape[r - 1] = n;
        Tensor out = empty(DType.F32, outShape);
        int[] as = a.strides(), bs = b.strides();
        gpu.run(Gemm.gemm(m, n, k, Arrays.copyOf(a.shape(), r - 2), Arrays.copyOf(as, r - 2), Arrays.copyOf(bs, r - 2),
                addr(a), as[r - 2], as[r - 1], addr(b), bs[r - 2], bs[r - 1], addr(out), precision));
        return out;
    }

    @Override public Tensor conv2d(Tensor x, Tensor w, ConvGeometry g) {
        f32("conv2d", x);
        Tensor out = empty(DType.F32, g.n(), g.o(), g.oh(), g.ow());
        gpu.run(Conv2d.forward(g, addr(x.contiguous()), addr(w.contiguous()), addr(out), precision));
        return out;
    }

    @Override public Tensor conv2dBackwardInput(Tensor dOut, Tensor w, ConvGeometry g) {
        f32("conv2d_backward_input", dOut);
        Tensor dX = empty(DType.F32, g.n(), g.c(), g.h(), g.w());
        gpu.run(Conv2d.backwardInput(g, addr(dOut.contiguous()), addr(w.contiguous()), addr(dX), precision));
        return dX;
    }

    @Override public Tensor conv2dBackwardWeight(Tensor x, Tensor dOut, ConvGeometry g) {
        f32("conv2d_backward_weight", x);
        Tensor dW = empty(DType.F32, g.o(), g.cg(), g.kh(), g.kw());
        Conv2d.WeightPlan plan = Conv2d.planWeight(g, gpu.multiprocessors());
        try (Workspace ws = new Workspace(plan.workspaceBytes())) {
            gpu.run(Conv2d.backwardWeight(g, addr(x.contiguous()), addr(dOut.contiguous()), addr(dW), precision, plan, ws.address()));
        }
        return dW;
    }

    @Override public MaxPoolResult maxPool2d(Tensor x, PoolGeometry g) {
        f32("max_pool2d", x);
        Tensor out = empty(DType.F32, g.planes(), g.oh(), g.ow()), idx = empty(DType.I32, g.planes(), g.oh(), g.ow());
        gpu.run(Pool2d.max(g, addr(x.contiguous()), addr(out), addr(idx)));
        return new MaxPoolResult(out, idx);
    }

    @Override public Tensor avgPool2d(Tensor x, PoolGeometry g, boolean countPad) {
        f32("avg_pool2d", x);
        Tensor out = empty(DType.F32, g.planes(), g.oh(), g.ow());
        gpu.run(Pool2d.avg(g, countPad, addr(x.contiguous()), addr(out)));
        return out;
    }

    @Override public Tensor avgPool2dBackward(Tensor dOut, PoolGeometry g, boolean countPad) {
        f32("avg_pool2d_backward", dOut);
        Tensor dX = empty(DType.F32, g.planes(), g.h(), g.w());
        gpu.run(Pool2d.avgBackward(g, countPad, addr(dOut.contiguous()), addr(dX)));
        return dX;
    }

    // =========================================================================================
    // Indexing, sorting, random numbers
    // =========================================================================================

    @Override public Tensor gather(Tensor x, int axis, Tensor index) {
        f32("gather", x);
        Tensor out = empty(DType.F32, index.shape());
        gpu.run(Index.gather(index.shape(), addr(index), index.strides(), addr(x), x.strides(), axis, x.size(axis),
                addr(out), indexChecks.slot("gather", axis, x.size(axis))));
        return out;
    }

    @Override public Tensor scatterAdd(int[] shape, int axis, Tensor index, Tensor src) {
        f32("scatter_add", src);
        Tensor out = Tensor.wrap(allocate(DType.F32, Shape.numel(shape)), shape);
        gpu.run(Index.scatterAdd(index.shape(), addr(index), index.strides(), addr(src), src.strides(), shape, axis,
                addr(out), indexChecks.slot("scatter_add", axis, shape[axis])));
        return out;
    }

    @Override public Tensor argsort(Tensor x, int axis, boolean descending) {
        f32("argsort", x);
        if (!Sort.supports(x.size(axis))) {     // rows too long for the shared-memory sort: sort on the host
            return facet.tensor.Index.argsort(x.to(Device.CPU), axis, descending).to(device);
        }
        Tensor out = empty(DType.I32, x.shape());
        gpu.run(Sort.argsort(x.shape(), x.strides(), axis, descending, addr(x), addr(out)));
        return out;
    }

    @Override public Tensor random(int[] shape, DType dtype, Distribution dist, long seed, long offset) {
        Tensor out = empty(DType.F32, shape);
        gpu.run(Philox.fill(dist == Distribution.NORMAL, out.numel(), seed, offset, addr(out)));
        return dtype == DType.F32 ? out : out.to(dtype);
    }

    // =========================================================================================
    // Fused compositions
    // =========================================================================================

    @Override public Tensor softmax(Tensor x, int axis) { return softmax(false, x, axis); }

    @Override public Tensor logSoftmax(Tensor x, int axis) { return softmax(true, x, axis); }

    private Tensor softmax(boolean log, Tensor x, int axis) {
        f32(log ? "log_softmax" : "softmax", x);
        if (x.dim() == 0) return log ? Backend.super.logSoftmax(x, axis) : Backend.super.softmax(x, axis);
        Tensor out = empty(DType.F32, x.shape());
        gpu.run(Softmax.softmax(log, x.shape(), x.strides(), axis, addr(x), addr(out)));
        return out;
    }

    @Override public AttentionResult attention(Tensor q, Tensor k, Tensor v, Tensor mask, double scale) {
        f32("attention", q);
        int r = q.dim(), d = q.size(-1), dv = v.size(-1);
        if (!Attention.supports(d, dv)) return Backend.super.attention(q, k, v, mask, scale);
        int[] batch = Arrays.copyOf(q.shape(), r - 2);
        int bh = Shape.numel(batch), tq = q.size(-2), tk = k.size(-2);
        Tensor qc = q.contiguous(), kc = k.contiguous(), vc = v.contiguous();
        Tensor out = empty(DType.F32, Shape.concat(batch, new int[] {tq, dv})), lse = empty(DType.F32, Shape.concat(batch, new int[] {tq}));
        gpu.run(Attention.forward(bh, tq, tk, d, dv, (float) scale, addr(qc), addr(kc), addr(vc), mask(mask), addr(out), addr(lse)));
        return new AttentionResult(out, lse);
    }

    @Override public AttentionGrads attentionBackward(Tensor q, Tensor k, Tensor v, Tensor mask, double scale, Tensor out, Tensor lse,
                                                      Tensor dOut) {
        f32("attention_backward", q);
        int r = q.dim(), d = q.size(-1), dv = v.size(-1);
        if (!Attention.supports(d, dv)) return Backend.super.attentionBackward(q, k, v, mask, scale, out, lse, dOut);
        int bh = Shape.numel(Arrays.copyOf(q.shape(), r - 2)), tq = q.size(-2), tk = k.size(-2);
        Tensor qc = q.contiguous(), kc = k.contiguous(), vc = v.contiguous();
        Tensor dq = empty(DType.F32, q.shape()), dk = empty(DType.F32, k.shape()), dvOut = empty(DType.F32, v.shape());
        try (Workspace delta = new Workspace(4L * bh * tq)) {
            gpu.run(Attention.backward(bh, tq, tk, d, dv, (float) scale, addr(qc), addr(kc), addr(vc), mask(mask),
                    addr(out.contiguous()), addr(lse.contiguous()), addr(dOut.contiguous()), delta.address(), addr(dq), addr(dk),
                    addr(dvOut)));
        }
        return new AttentionGrads(dq, dk, dvOut);
    }

    private Attention.Mask mask(Tensor mask) {
        if (mask == null) return Attention.Mask.NONE;
        f32("attention mask", mask);
        return Attention.Mask.of(addr(mask), mask.shape(), mask.strides());
    }

    /** The norm kernel standardises; the affine part, the epilogue and the mean (kept for the backward) are tensor ops. */
    @Override public NormResult normalize(Tensor x, Tensor gamma, Tensor beta, NormLayout layout, double eps, Epilogue<Tensor> epilogue) {
        f32("normalize", x);
        layout.check("normalize", x, gamma, beta, epilogue);
        int[] axes = layout.axes(x.dim());
        boolean[] mask = Shape.axesMask("normalize", axes, x.dim());
        Tensor xhat = empty(DType.F32, x.shape()), rstd = empty(DType.F32, Shape.reduced(x.shape(), mask, true));
        gpu.run(Norm.forward(x.shape(), x.strides(), mask, (float) eps, addr(x), addr(xhat), addr(rstd)));
        Tensor y = gamma == null ? xhat : xhat.mul(gamma);
        if (beta != null) y = y.add(beta);
        return new NormResult(Backend.epilogue(epilogue, y), x.mean(true, axes), rstd);
    }

    /** The norm backward kernel on g = dY * gamma (dY masked first after a ReLU); dGamma and dBeta as reductions. */
    @Override public NormGrads normalizeBackward(Tensor dOut, Tensor x, Tensor gamma, Tensor beta, NormLayout layout,
                                                 Epilogue<Tensor> epilogue, NormResult saved) {
        f32("normalize_backward", dOut);
        boolean[] mask = Shape.axesMask("normalize_backward", layout.axes(x.dim()), x.dim());
        Tensor d = Backend.reluBackward(epilogue, dOut, saved.y());
        Tensor xhat = x.sub(saved.mean()).mul(saved.rstd()).contiguous();
        Tensor dy = (gamma == null ? d : d.mul(gamma)).expand(x.shape()), dx = empty(DType.F32, x.shape());
        gpu.run(Norm.backward(x.shape(), mask, addr(dy), dy.strides(), addr(xhat), xhat.strides(), addr(saved.rstd().contiguous()), addr(dx)));
        return new NormGrads(dx, gamma == null ? null : d.mul(xhat).sumTo(gamma.shape()), beta == null ? null : d.sumTo(beta.shape()),
                epilogue instanceof Epilogue.AddRelu ? d : null);
    }

    /** Per-row losses, then one block's fixed-order sum divided by the count on the device: a device scalar, no host read. */
    @Override public Tensor maskedMse(Tensor pred, Tensor target, Tensor mask, boolean normTarget) {
        f32("masked_mse", pred);
        int rows = pred.size(0) * pred.size(1);
        Tensor p = pred.contiguous(), t = target.contiguous(), m = mask.contiguous(), loss = empty(DType.F32);
        try (Workspace perRow = new Workspace(4L * rows)) {
            gpu.run(MaskedMse.forward(rows, pred.size(2), normTarget, addr(p), addr(t), addr(m), perRow.address(), addr(loss)));
        }
        return loss;
    }

    @Override public Tensor maskedMseBackward(Tensor pred, Tensor target, Tensor mask, boolean normTarget, Tensor dOut) {
        f32("masked_mse_backward", pred);
        Tensor p = pred.contiguous(), t = target.contiguous(), m = mask.contiguous(), dPred = empty(DType.F32, pred.shape());
        gpu.run(Arrays.asList(MaskedMse.backward(pred.size(0) * pred.size(1), pred.size(2), normTarget, addr(p), addr(t), addr(m),
                addr(dOut.contiguous()), addr(dPred))));      // a list, as the launcher gives null for no rows
        return dPred;
    }

    @Override public Tensor globalAvgPool(Tensor x, int axis) {
        f32("global_avg_pool", x);
        int[] s = x.shape();
        int outer = Shape.numel(Arrays.copyOf(s, axis)), inner = Shape.numel(Arrays.copyOfRange(s, axis + 1, s.length));
        int[] outShape = new int[s.length - 1];
        for (int i = 0, j = 0; i < s.length; i++) if (i != axis) outShape[j++] = s[i];
        Tensor out = empty(DType.F32, outShape);
        gpu.run(Arrays.asList(Gap.forward(outer, s[axis], inner, addr(x.contiguous()), addr(out))));
        return out;
    }

    @Override public void adamw(Tensor p, Tensor g, Tensor m, Tensor v, double lr, double b1, double b2, double eps,
                                double weightDecay, long step) {
        f32("adamw", p);
        Tensor gc = g.expand(p.shape()).contiguous();
        if (!p.isContiguous() || !m.isContiguous() || !v.isContiguous()) {
            Backend.super.adamw(p, gc, m, v, lr, b1, b2, eps, weightDecay, step);
            return;
        }
        gpu.run(AdamW.step(p.numel(), addr(p), addr(gc), addr(m), addr(v), lr, b1, b2, eps, weightDecay, step));
    }

    // =========================================================================================
    // Helpers
    // =========================================================================================

    /** Device address of t's element 0 (its storage base plus offset). */
    private static long addr(Tensor t) {
        return ((CudaStorage) t.storage()).address() + (long) t.offset() * t.dtype().bytes;
    }

    private Tensor empty(DType dtype, int... shape) {
        return Tensor.wrap(new CudaStorage(gpu, device, dtype, Shape.numel(shape)), shape);
    }

    private static String type(Tensor t) {
        return switch (t.dtype()) { case F32 -> "f32"; case F64 -> "f64"; case I32 -> "i32"; };
    }

    private void f32(String op, Tensor t) {
        if (t.dtype() != DType.F32) {
            throw new UnsupportedOperationException(op + ": " + device + " computes in float32 only, got " + t.dtype() + " "
                    + Shape.str(t.shape()) + "; use to(DType.F32), or move float64 work to the CPU with to(Device.CPU)");
        }
    }

    /** A scratch block for one op, handed back when the op's kernels are queued (the stream orders reuse). */
    private final class Workspace implements AutoCloseable {
        private final DeviceAllocator.Block block;

        Workspace(long bytes) { block = bytes == 0 ? null : gpu.allocator().allocate(bytes); }

        long address() { return block == null ? 0 : block.address; }

        @Override public void close() { if (block != null) block.release(); }
    }

    /**
     * Bounds of gather and scatter-add indices, checked without a read per call (which would wait
     * for the stream each time): every call gets its own {flag, first bad index} slot in a pool
     * zeroed once, and the pool is read at the next host read ({@link #toArray}: the losses a
     * loop logs, say) or when it is full, then the CPU backend's exception is thrown for the
     * first call in queue order that failed. So a bad index surfaces at the next read, named.
     */
    private final class IndexChecks {
        static final int SLOTS = 1024;
        private final DeviceAllocator.Block block = gpu.allocator().allocate(8L * SLOTS);
        private final String[] ops = new String[SLOTS];
        private final int[] axes = new int[SLOTS], sizes = new int[SLOTS];
        private int used;

        IndexChecks() { gpu.fill32(block.address, 0, 2L * SLOTS); }

        long slot(String op, int axis, int size) {
            if (used == SLOTS) check();
            ops[used] = op;
            axes[used] = axis;
            sizes[used] = size;
            return block.address + 8L * used++;
        }

        void check() {
            if (used == 0) return;
            int n = used;
            int[] e = new int[2 * n];
            gpu.download(block.address, e);
            gpu.fill32(block.address, 0, 2L * n);
            used = 0;
            for (int i = 0; i < n; i++) {
                if (e[2 * i] != 0) {
                    throw new IndexOutOfBoundsException(ops[i] + ": index " + e[2 * i + 1] + " is out of range for axis " + axes[i] + " of size " + sizes[i]);
                }
            }
        }
    }

    /** For ./facet info: the device and its allocator. */
    String describe() {
        return gpu.name() + ", " + String.format("%.1f GiB", gpu.totalMemory() / (1024.0 * 1024 * 1024)) + ", "
                + gpu.multiprocessors() + " SMs; matmul " + precision + "; allocator " + gpu.allocator().stats();
    }

}
