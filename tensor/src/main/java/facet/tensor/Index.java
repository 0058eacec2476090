package facet.tensor;

import java.util.Arrays;

/** Gather/scatter, selection, sorting and joining along one axis. */
public final class Index {
    private Index() {}

    /**
     * out[p] = x[p with coordinate axis = index[p]]: index is int32 of x's rank, and no larger than
     * x in the other dims (as torch.gather); out has index's shape.
     */
    public static Tensor gather(Tensor x, int axis, Tensor index) {
        int a = checkIndex("gather", x.shape(), axis, index);
        x.requireFloat("gather");
        x.requireDevice("gather", index);
        return x.backend().gather(x, a, index);
    }

    /** zeros(shape) with src[p] added at (p with coordinate axis = index[p]): the adjoint of gather. */
    public static Tensor scatterAdd(int[] shape, int axis, Tensor index, Tensor src) {
        int a = checkIndex("scatter_add", shape, axis, index);
        src.requireFloat("scatter_add");
        src.requireDevice("scatter_add", index);
        for (int d = 0; d < index.dim(); d++) {
            if (src.dim() != index.dim() || src.size(d) < index.size(d)) {
                throw new IllegalArgumentException("scatter_add: src " + Shape.str(src.shape()) + " is smaller than index "
                        + Shape.str(index.shape()) + " at dim " + d);
            }
        }
        Tensor s = src;
        for (int d = 0; d < index.dim(); d++) s = s.narrow(d, 0, index.size(d));
        return src.backend().scatterAdd(shape.clone(), a, index, s);
    }

    /** The rows of x at positions idx (int32, 1-d) along axis: x (..., A, ...) -> (..., len(idx), ...). */
    public static Tensor indexSelect(Tensor x, int axis, Tensor idx) {
        return gather(x, axis, selectIndex("index_select", x.shape(), axis, idx));
    }

    /** idx (L) viewed as a gather index of x's rank: size L on axis, repeated over the other dims. */
    public static Tensor selectIndex(String op, int[] shape, int axis, Tensor idx) {
        if (idx.dim() != 1 || idx.dtype() != DType.I32) {
            throw new IllegalArgumentException(op + ": index must be 1-d int32, got " + idx.dtype() + " " + Shape.str(idx.shape()));
        }
        int a = Shape.axis(op, axis, shape.length);
        int[] view = new int[shape.length], out = shape.clone();
        Arrays.fill(view, 1);
        view[a] = idx.size(0);
        out[a] = idx.size(0);
        return idx.reshape(view).expand(out);
    }

    /** Joins tensors of equal shape except along axis. */
    public static Tensor cat(int axis, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("cat: needs at least one tensor");
        Tensor first = ts[0];
        int a = Shape.axis("cat", axis, first.dim());
        int[] out = first.shape();
        out[a] = 0;
        for (Tensor t : ts) {
            first.requireSame("cat", t);
            int[] s = t.shape();
            boolean ok = s.length == out.length;
            for (int d = 0; ok && d < s.length; d++) ok = d == a || s[d] == out[d];
            if (!ok) {
                throw new IllegalArgumentException("cat: " + Shape.str(first.shape()) + " and " + Shape.str(s)
                        + " differ outside axis " + axis);
            }
            out[a] += s[a];
        }
        Tensor r = Tensor.zeros(first.device(), first.dtype(), out);
        int at = 0;
        for (Tensor t : ts) {
            r.narrow(a, at, t.size(a)).assign(t);
            at += t.size(a);
        }
        return r;
    }

    /** Joins tensors of one shape along a new axis. */
    public static Tensor stack(int axis, Tensor... ts) {
        if (ts.length == 0) throw new IllegalArgumentException("stack: needs at least one tensor");
        int a = Shape.axis("stack", axis, ts[0].dim() + 1);
        Tensor[] u = new Tensor[ts.length];
        for (int i = 0; i < ts.length; i++) {
            if (!Arrays.equals(ts[i].shape(), ts[0].shape())) {
                throw new IllegalArgumentException("stack: shapes " + Shape.str(ts[0].shape()) + " and " + Shape.str(ts[i].shape()) + " differ");
            }
            u[i] = ts[i].unsqueeze(a);
        }
        return cat(a, u);
    }

    /** Views of consecutive pieces of the given sizes along axis; the sizes must add up to the axis. */
    public static Tensor[] split(Tensor x, int axis, int... sizes) {
        int a = Shape.axis("split", axis, x.dim()), total = 0;
        for (int s : sizes) total += s;
        if (total != x.size(a)) {
            throw new IllegalArgumentException("split: sizes " + Arrays.toString(sizes) + " add up to " + total
                    + ", not to size " + x.size(a) + " of axis " + axis + " in " + Shape.str(x.shape()));
        }
        Tensor[] out = new Tensor[sizes.length];
        for (int i = 0, at = 0; i < sizes.length; at += sizes[i++]) out[i] = x.narrow(a, at, sizes[i]);
        return out;
    }

    /** Stable int32 argsort along axis: equal values keep their index order (ascending or descending). */
    public static Tensor argsort(Tensor x, int axis, boolean descending) {
        x.requireFloat("argsort");
        if (x.dim() == 0) return Tensor.scalar(0, DType.I32, x.device());
        return x.backend().argsort(x, Shape.axis("argsort", axis, x.dim()), descending);
    }

    /** The k largest (or smallest) along axis, in sorted order, ties by lower index: {values, int32 indices}. */
    public static Tensor[] topk(Tensor x, int k, int axis, boolean largest) {
        int a = Shape.axis("topk", axis, x.dim());
        if (k < 0 || k > x.size(a)) {
            throw new IllegalArgumentException("topk: k=" + k + " is out of range for axis " + axis + " of shape " + Shape.str(x.shape()));
        }
        Tensor idx = argsort(x, a, largest).narrow(a, 0, k);
        return new Tensor[] {gather(x, a, idx), idx};
    }

    private static int checkIndex(String op, int[] shape, int axis, Tensor index) {
        if (index.dtype() != DType.I32) {
            throw new IllegalArgumentException(op + ": index must be int32, got " + index.dtype());
        }
        int a = Shape.axis(op, axis, shape.length);
        if (index.dim() != shape.length) {
            throw new IllegalArgumentException(op + ": index " + Shape.str(index.shape()) + " must have the rank of "
                    + Shape.str(shape));
        }
        for (int d = 0; d < shape.length; d++) {
            if (d != a && index.size(d) > shape[d]) {
                throw new IllegalArgumentException(op + ": index " + Shape.str(index.shape()) + " is larger than "
                        + Shape.str(shape) + " at dim " + d);
            }
        }
        return a;
    }
}
