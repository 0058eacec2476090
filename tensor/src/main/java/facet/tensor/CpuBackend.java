package facet.tensor;

import facet.kernels.BinaryOp;
import facet.kernels.ConvGeometry;
import facet.kernels.PoolGeometry;
import facet.kernels.ReduceOp;
import facet.kernels.UnaryOp;
import facet.kernels.cpu.Conv2d;
import facet.kernels.cpu.Elementwise;
import facet.kernels.cpu.Gemm;
import facet.kernels.cpu.IndexOps;
import facet.kernels.cpu.Pool2d;
import facet.kernels.cpu.Reduce;
import facet.kernels.cpu.Sort;

/** The float32 host backend: adapts tensors to the kernels of {@code facet.kernels.cpu}. */
final class CpuBackend extends HostBackend {
    static final CpuBackend INSTANCE = new CpuBackend();

    @Override public Tensor unary(UnaryOp op, Tensor x) {
        Tensor out = empty(DType.F32, x.shape());
        Elementwise.unary(op, f32(x), x.offset(), x.strides(), x.shape(), f32(out));
        return out;
    }

    @Override public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = empty(DType.F32, a.shape());
        Elementwise.binary(op, f32(a), a.offset(), a.strides(), f32(b), b.offset(), b.strides(), a.shape(), f32(out));
        return out;
    }

    @Override public Tensor where(Tensor c, Tensor a, Tensor b) {
        Tensor out = empty(DType.F32, a.shape());
        Elementwise.where(f32(c), c.offset(), c.strides(), f32(a), a.offset(), a.strides(),
                f32(b), b.offset(), b.strides(), a.shape(), f32(out));
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
        Tensor out = empty(DType.F32, outShape);
        int[] ao = batchOffsets(a), bo = batchOffsets(b);
        int[] as = a.strides(), bs = b.strides();
        for (int i = 0; i < ao.length; i++) {
            Gemm.gemm(m, n, k, f32(a), ao[i], as[r - 2], as[r - 1], f32(b), bo[i], bs[r - 2], bs[r - 1],
                    f32(out), i * m * n, n, false);
        }
        return out;
    }

    @Override public Tensor conv2d(Tensor x, Tensor w, ConvGeometry g) {
        Tensor out = empty(DType.F32, g.n(), g.o(), g.oh(), g.ow());
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

    @Override public Tensor[] maxPool2d(Tensor x, PoolGeometry g) {
        Tensor out = empty(DType.F32, g.planes(), g.oh(), g.ow());
        Tensor idx = empty(DType.I32, g.planes(), g.oh(), g.ow());
        Pool2d.max(g, dense(x), f32(out), i32(idx));
        return new Tensor[] {out, idx};
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
        IndexOps.gather(f32(x), x.offset(), x.strides(), axis, x.size(axis),
                i32(index), index.offset(), index.strides(), index.shape(), f32(out));
        return out;
    }

    @Override public Tensor scatterAdd(int[] shape, int axis, Tensor index, Tensor src) {
        Tensor out = empty(DType.F32, shape);
        IndexOps.scatterAdd(f32(out), shape, axis, i32(index), index.offset(), index.strides(),
                f32(src), src.offset(), src.strides(), index.shape());
        return out;
    }

    @Override public Tensor argsort(Tensor x, int axis, boolean descending) {
        Tensor out = empty(DType.I32, x.shape());
        Sort.argsort(f32(x), x.offset(), x.strides(), x.shape(), axis, descending, i32(out));
        return out;
    }

    /** The contiguous float array of t from element 0: the layout conv and pool kernels take. */
    private static float[] dense(Tensor t) {
        Tensor c = t.contiguous();
        return c.offset() == 0 ? f32(c) : f32(c.copy());
    }
}
