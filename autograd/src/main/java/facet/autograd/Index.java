package facet.autograd;

import facet.tensor.Tensor;

import java.util.Arrays;

/** Gather/scatter, selection and joining; indices are int32 tensors and get no gradient. */
public final class Index {
    private Index() {}

    /** out[p] = x[p with axis coordinate index[p]]; dX = scatter_add of dOut at the same places. */
    public static Variable gather(Variable x, int axis, Tensor index) {
        int[] in = x.shape();
        return Variable.make("gather", facet.tensor.Index.gather(x.data(), axis, index),
                (d, n) -> new Tensor[] {facet.tensor.Index.scatterAdd(in, axis, index, d)}, x);
    }

    /** zeros(shape) plus src scattered by index (src has index's shape); dSrc = gather of dOut. */
    public static Variable scatterAdd(int[] shape, int axis, Tensor index, Variable src) {
        if (!Arrays.equals(src.shape(), index.shape())) {
            throw new IllegalArgumentException("scatter_add: src " + Arrays.toString(src.shape()) + " must have the index's shape "
                    + Arrays.toString(index.shape()));
        }
        return Variable.make("scatter_add", facet.tensor.Index.scatterAdd(shape, axis, index, src.data()),
                (d, n) -> new Tensor[] {facet.tensor.Index.gather(d, axis, index)}, src);
    }

    /** Rows idx (1-d int32) of x along axis, composed from gather. */
    public static Variable indexSelect(Variable x, int axis, Tensor idx) {
        return gather(x, axis, facet.tensor.Index.selectIndex("index_select", x.shape(), axis, idx));
    }

    /** Joins along axis; each input's gradient is its slice of dOut. */
    public static Variable cat(int axis, Variable... vs) {
        Tensor[] ts = new Tensor[vs.length];
        for (int i = 0; i < vs.length; i++) ts[i] = vs[i].data();
        Tensor out = facet.tensor.Index.cat(axis, ts);
        int a = Math.floorMod(axis, out.dim());
        return Variable.make("cat", out, (d, n) -> {
            Tensor[] g = new Tensor[vs.length];
            for (int i = 0, at = 0; i < vs.length; at += ts[i].size(a), i++) g[i] = n[i] ? d.narrow(a, at, ts[i].size(a)) : null;
            return g;
        }, vs);
    }

    /** Joins along a new axis, composed from unsqueeze and cat. */
    public static Variable stack(int axis, Variable... vs) {
        Variable[] u = new Variable[vs.length];
        int a = axis < 0 ? axis + vs[0].dim() + 1 : axis;
        for (int i = 0; i < vs.length; i++) u[i] = vs[i].unsqueeze(a);
        return cat(a, u);
    }

    /** Consecutive pieces along axis, as differentiable slices. */
    public static Variable[] split(Variable x, int axis, int... sizes) {
        Tensor[] parts = facet.tensor.Index.split(x.data(), axis, sizes);   // validates the sizes
        Variable[] out = new Variable[parts.length];
        int a = Math.floorMod(axis, x.dim());
        for (int i = 0, at = 0; i < sizes.length; at += sizes[i++]) out[i] = x.narrow(a, at, sizes[i]);
        return out;
    }

    /** The k largest (or smallest) values along axis, sorted, and their int32 indices. */
    public record TopK(Variable values, Tensor indices) {}

    public static TopK topk(Variable x, int k, int axis, boolean largest) {
        Tensor idx = facet.tensor.Index.topk(x.data(), k, axis, largest)[1];
        return new TopK(gather(x, axis, idx), idx);
    }
}
