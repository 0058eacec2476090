package facet.kernels.cpu;

import facet.kernels.ReduceOp;

/**
 * Reductions of float32 tensors over a set of axes, and arg-max/arg-min along one axis.
 * Sums accumulate in double: one float rounding per output instead of one per element.
 * Bottleneck: memory bandwidth (4 bytes read per element).
 */
public final class Reduce {
    private Reduce() {}

    /**
     * out (contiguous, the kept dims in order) = op over the dims where {@code reduced[d]}.
     */
    public static void reduce(ReduceOp op, float[] x, int xOff, int[] xStrides, int[] shape, boolean[] reduced, float[] out) {
        Split s = new Split(shape, xStrides, reduced);
        Strided outer = new Strided(s.outerShape, Strided.contiguous(s.outerShape), s.outerStrides);
        Strided inner = new Strided(s.innerShape, s.innerStrides);
        int oLen = outer.len, oxs = outer.innerStride(1);
        int iLen = inner.len, ixs = inner.innerStride(0);
        double[] acc = new double[1];
        Strided.Row innerRow = p -> {
            double a = acc[0];
            for (int j = 0, xi = p[0]; j < iLen; j++, xi += ixs) a = op.combine(a, x[xi]);
            acc[0] = a;
        };
        int[] at = new int[1];
        outer.forEachRow(new int[] {0, xOff}, p -> {
            for (int j = 0; j < oLen; j++) {
                acc[0] = op.identity;
                at[0] = p[1] + j * oxs;
                inner.forEachRow(at, innerRow);
                out[p[0] + j] = (float) acc[0];
            }
        });
    }

    /**
     * out[...] = index along {@code axis} of the largest (or smallest) element; the first one on
     * ties, and the first NaN if there is one (as NumPy does). out has x's shape without axis.
     */
    public static void argReduce(boolean max, float[] x, int xOff, int[] xStrides, int[] shape, int axis, int[] out) {
        boolean[] reduced = new boolean[shape.length];
        reduced[axis] = true;
        Split s = new Split(shape, xStrides, reduced);
        Strided outer = new Strided(s.outerShape, Strided.contiguous(s.outerShape), s.outerStrides);
        int oLen = outer.len, oxs = outer.innerStride(1), n = shape[axis], as = xStrides[axis];
        outer.forEachRow(new int[] {0, xOff}, p -> {
            for (int j = 0; j < oLen; j++) {
                int base = p[1] + j * oxs, best = 0;
                float bv = x[base];
                for (int i = 1; i < n && !Float.isNaN(bv); i++) {
                    float v = x[base + i * as];
                    if (Float.isNaN(v) || (max ? v > bv : v < bv)) { bv = v; best = i; }
                }
                out[p[0] + j] = best;
            }
        });
    }

    /** Shape and strides split into kept (outer) and reduced (inner) dims, order preserved. */
    static final class Split {
        final int[] outerShape, outerStrides, innerShape, innerStrides;

        Split(int[] shape, int[] strides, boolean[] reduced) {
            int nr = 0;
            for (boolean r : reduced) if (r) nr++;
            outerShape = new int[shape.length - nr];
            outerStrides = new int[shape.length - nr];
            innerShape = new int[nr];
            innerStrides = new int[nr];
            for (int d = 0, o = 0, i = 0; d < shape.length; d++) {
                if (reduced[d]) { innerShape[i] = shape[d]; innerStrides[i++] = strides[d]; }
                else { outerShape[o] = shape[d]; outerStrides[o++] = strides[d]; }
            }
        }
    }
}
