package facet.tensor;

import facet.kernels.BinaryOp;
import facet.kernels.ConvGeometry;
import facet.kernels.PoolGeometry;
import facet.kernels.ReduceOp;
import facet.kernels.UnaryOp;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The float64 backend: slow and obviously correct. Every op is the textbook loop over
 * multi-indices, written independently of the fast kernels; gradient checks run here, and the
 * float32 backends are compared against it.
 */
final class ReferenceBackend extends HostBackend {
    static final ReferenceBackend INSTANCE = new ReferenceBackend();

    /** Calls body with every multi-index of shape, in row-major order (once for a 0-d shape). */
    private static void forEach(int[] shape, java.util.function.Consumer<int[]> body) {
        int n = Shape.numel(shape);
        int[] idx = new int[shape.length];
        for (int k = 0; k < n; k++) {
            body.accept(idx);
            for (int d = shape.length - 1; d >= 0 && ++idx[d] == shape[d]; d--) idx[d] = 0;
        }
    }

    private static int at(Tensor t, int[] idx) {
        int off = t.offset();
        for (int d = 0; d < idx.length; d++) off += idx[d] * t.strides()[d];
        return off;
    }

    private static double get(Tensor t, int[] idx) { return f64(t)[at(t, idx)]; }

    private static int flat(int[] shape, int[] idx) {
        int k = 0;
        for (int d = 0; d < shape.length; d++) k = k * shape[d] + idx[d];
        return k;
    }

    @Override public Tensor unary(UnaryOp op, Tensor x) {
        Tensor out = empty(DType.F64, x.shape());
        double[] o = f64(out);
        forEach(x.shape(), i -> o[flat(x.shape(), i)] = op.apply(get(x, i)));
        return out;
    }

    @Override public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Tensor out = empty(DType.F64, a.shape());
        double[] o = f64(out);
        forEach(a.shape(), i -> o[flat(a.shape(), i)] = op.apply(get(a, i), get(b, i)));
        return out;
    }

    @Override public Tensor where(Tensor c, Tensor a, Tensor b) {
        Tensor out = empty(DType.F64, a.shape());
        double[] o = f64(out);
        forEach(a.shape(), i -> o[flat(a.shape(), i)] = get(c, i) != 0 ? get(a, i) : get(b, i));
        return out;
    }

    @Override public Tensor reduce(ReduceOp op, Tensor x, boolean[] mask) {
        int[] outShape = Shape.reduced(x.shape(), mask, true);
        Tensor out = empty(DType.F64, outShape);
        double[] o = f64(out);
        java.util.Arrays.fill(o, op.identity);
        int[] j = new int[x.dim()];
        forEach(x.shape(), i -> {
            for (int d = 0; d < i.length; d++) j[d] = mask[d] ? 0 : i[d];
            int k = flat(outShape, j);
            o[k] = op.combine(o[k], get(x, i));
        });
        return out;
    }

    @Override public Tensor argReduce(boolean max, Tensor x, int axis) {
        boolean[] mask = new boolean[x.dim()];
        mask[axis] = true;
        int[] outShape = Shape.reduced(x.shape(), mask, false);
        Tensor out = empty(DType.I32, outShape);
        int[] o = i32(out);
        int[] full = new int[x.dim()];
        forEach(outShape, i -> {
            for (int d = 0, s = 0; d < full.length; d++) full[d] = d == axis ? 0 : i[s++];
            int best = 0;
            double bv = get(x, full);
            for (int k = 1; k < x.size(axis) && !Double.isNaN(bv); k++) {
                full[axis] = k;
                double v = get(x, full);
                if (Double.isNaN(v) || (max ? v > bv : v < bv)) { bv = v; best = k; }
            }
            o[flat(outShape, i)] = best;
        });
        return out;
    }

    @Override public Tensor matmul(Tensor a, Tensor b) {
        int r = a.dim(), k = a.size(r - 1);
        int[] outShape = a.shape().clone();
        outShape[r - 1] = b.size(r - 1);
        Tensor out = empty(DType.F64, outShape);
        double[] o = f64(out);
        int[] ia = new int[r], ib = new int[r];
        forEach(outShape, i -> {
            System.arraycopy(i, 0, ia, 0, r);
            System.arraycopy(i, 0, ib, 0, r);
            double s = 0;
            for (int p = 0; p < k; p++) {
                ia[r - 1] = p;
                ib[r - 2] = p;
                s += get(a, ia) * get(b, ib);
            }
            o[flat(outShape, i)] = s;
        });
        return out;
    }

    /** The input coordinate a kernel tap reads, or -1 when it falls in the padding. */
    private static int tap(int o, int stride, int pad, int k, int dil, int size) {
        int i = o * stride - pad + k * dil;
        return i >= 0 && i < size ? i : -1;
    }

    /** Visits every (n, oc, oy, ox, ci, ki, kj) term of the convolution sum that lands inside x. */
    private interface Term { void at(int xIdx, int wIdx, int oIdx); }

    private static void convTerms(ConvGeometry g, Term t) {
        int oh = g.oh(), ow = g.ow();
        for (int n = 0; n < g.n(); n++)
            for (int oc = 0; oc < g.o(); oc++) {
                int gr = oc / g.og();
                for (int oy = 0; oy < oh; oy++)
                    for (int ox = 0; ox < ow; ox++)
                        for (int ci = 0; ci < g.cg(); ci++)
                            for (int ki = 0; ki < g.kh(); ki++)
                                for (int kj = 0; kj < g.kw(); kj++) {
                                    int iy = tap(oy, g.sh(), g.ph(), ki, g.dh(), g.h());
                                    int ix = tap(ox, g.sw(), g.pw(), kj, g.dw(), g.w());
                                    if (iy < 0 || ix < 0) continue;
                                    int c = gr * g.cg() + ci;
                                    t.at(((n * g.c() + c) * g.h() + iy) * g.w() + ix,
                                            ((oc * g.cg() + ci) * g.kh() + ki) * g.kw() + kj,
                                            ((n * g.o() + oc) * oh + oy) * ow + ox);
                                }
            }
    }

    @Override public Tensor conv2d(Tensor x, Tensor w, ConvGeometry g) {
        double[] xs = dense(x), ws = dense(w);
        Tensor out = empty(DType.F64, g.n(), g.o(), g.oh(), g.ow());
        double[] o = f64(out);
        convTerms(g, (xi, wi, oi) -> o[oi] += xs[xi] * ws[wi]);
        return out;
    }

    @Override public Tensor conv2dBackwardInput(Tensor dOut, Tensor w, ConvGeometry g) {
        double[] dy = dense(dOut), ws = dense(w);
        Tensor dX = empty(DType.F64, g.n(), g.c(), g.h(), g.w());
        double[] dx = f64(dX);
        convTerms(g, (xi, wi, oi) -> dx[xi] += dy[oi] * ws[wi]);
        return dX;
    }

    @Override public Tensor conv2dBackwardWeight(Tensor x, Tensor dOut, ConvGeometry g) {
        double[] xs = dense(x), dy = dense(dOut);
        Tensor dW = empty(DType.F64, g.o(), g.cg(), g.kh(), g.kw());
        double[] dw = f64(dW);
        convTerms(g, (xi, wi, oi) -> dw[wi] += dy[oi] * xs[xi]);
        return dW;
    }

    /** Visits every (output, input) pair of a pooling window that lies inside the plane. */
    private interface Cell { void at(int oIdx, int xIdx, int window); }

    private static void poolCells(PoolGeometry g, boolean countPad, Cell c) {
        for (int p = 0; p < g.planes(); p++)
            for (int oy = 0; oy < g.oh(); oy++)
                for (int ox = 0; ox < g.ow(); ox++) {
                    List<Integer> inside = new ArrayList<>();
                    for (int ki = 0; ki < g.kh(); ki++)
                        for (int kj = 0; kj < g.kw(); kj++) {
                            int iy = tap(oy, g.sh(), g.ph(), ki, 1, g.h()), ix = tap(ox, g.sw(), g.pw(), kj, 1, g.w());
                            if (iy >= 0 && ix >= 0) inside.add((p * g.h() + iy) * g.w() + ix);
                        }
                    int window = countPad ? g.kh() * g.kw() : inside.size();
                    for (int xi : inside) c.at((p * g.oh() + oy) * g.ow() + ox, xi, window);
                }
    }

    @Override public MaxPoolResult maxPool2d(Tensor x, PoolGeometry g) {
        double[] xs = dense(x);
        Tensor out = empty(DType.F64, g.planes(), g.oh(), g.ow());
        Tensor idx = empty(DType.I32, g.planes(), g.oh(), g.ow());
        double[] o = f64(out);
        int[] ix = i32(idx);
        java.util.Arrays.fill(ix, -1);
        int plane = g.h() * g.w();
        poolCells(g, true, (oi, xi, window) -> {
            if (ix[oi] < 0 || xs[xi] > o[oi]) {
                o[oi] = xs[xi];
                ix[oi] = xi % plane;
            }
        });
        return new MaxPoolResult(out, idx);
    }

    @Override public Tensor avgPool2d(Tensor x, PoolGeometry g, boolean countPad) {
        double[] xs = dense(x);
        Tensor out = empty(DType.F64, g.planes(), g.oh(), g.ow());
        double[] o = f64(out);
        poolCells(g, countPad, (oi, xi, window) -> o[oi] += xs[xi] / window);
        return out;
    }

    @Override public Tensor avgPool2dBackward(Tensor dOut, PoolGeometry g, boolean countPad) {
        double[] dy = dense(dOut);
        Tensor dX = empty(DType.F64, g.planes(), g.h(), g.w());
        double[] dx = f64(dX);
        poolCells(g, countPad, (oi, xi, window) -> dx[xi] += dy[oi] / window);
        return dX;
    }

    @Override public Tensor gather(Tensor x, int axis, Tensor index) {
        Tensor out = empty(DType.F64, index.shape());
        double[] o = f64(out);
        int[] j = new int[x.dim()];
        forEach(index.shape(), i -> {
            System.arraycopy(i, 0, j, 0, i.length);
            j[axis] = checked("gather", i32(index)[at(index, i)], axis, x.size(axis));
            o[flat(index.shape(), i)] = get(x, j);
        });
        return out;
    }

    @Override public Tensor scatterAdd(int[] shape, int axis, Tensor index, Tensor src) {
        Tensor out = empty(DType.F64, shape);
        double[] o = f64(out);
        int[] j = new int[shape.length];
        forEach(index.shape(), i -> {
            System.arraycopy(i, 0, j, 0, i.length);
            j[axis] = checked("scatter_add", i32(index)[at(index, i)], axis, shape[axis]);
            o[flat(shape, j)] += get(src, i);
        });
        return out;
    }

    @Override public Tensor argsort(Tensor x, int axis, boolean descending) {
        Tensor out = empty(DType.I32, x.shape());
        int[] o = i32(out);
        int[] rowShape = x.shape().clone();
        rowShape[axis] = 1;
        forEach(rowShape, i -> {
            int[] j = i.clone();
            List<Integer> order = new ArrayList<>();
            for (int k = 0; k < x.size(axis); k++) order.add(k);
            Comparator<Integer> byValue = Comparator.comparingDouble(k -> { j[axis] = k; return get(x, j); });
            order.sort(descending ? byValue.reversed() : byValue);   // List.sort is stable
            for (int k = 0; k < order.size(); k++) {
                j[axis] = k;
                o[flat(x.shape(), j)] = order.get(k);
            }
        });
        return out;
    }

    private static int checked(String op, int i, int axis, int size) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + i + " is out of range for axis " + axis + " of size " + size);
        }
        return i;
    }

    private static double[] dense(Tensor t) { return (double[]) t.toArray(); }
}
