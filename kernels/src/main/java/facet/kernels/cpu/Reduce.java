package facet.kernels.cpu;

import facet.kernels.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Reductions of float32 tensors over a set of axes, and arg-max/arg-min along one axis.
 *
 * <p>Two layouts get vector loops: reducing contiguous rows (the reduced dims are innermost, e.g.
 * softmax sums, per-channel statistics of NCHW) and reducing across rows into a contiguous
 * output (the kept dims are innermost, e.g. a bias gradient summed over the batch). Sums keep
 * float lanes for at most {@link #CHUNK} additions each and carry the total in double, so a sum
 * of a million elements loses no more than a sum of a thousand. Anything else takes the
 * scalar walk. Bottleneck: memory bandwidth (4 bytes read per element).
 */
public final class Reduce {
    private Reduce() {}

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int L = S.length();
    /** Additions a float lane absorbs before its partial sum moves into a double. */
    static final int CHUNK = 64;

    /** out (contiguous, the kept dims in order) = op over the dims where {@code reduced[d]}. */
    public static void reduce(ReduceOp op, float[] x, int xOff, int[] xStrides, int[] shape, boolean[] reduced, float[] out) {
        Split s = new Split(shape, xStrides, reduced);
        Strided outer = new Strided(s.outerShape, Strided.contiguous(s.outerShape), s.outerStrides);
        Strided inner = new Strided(s.innerShape, s.innerStrides);
        long work = (long) outer.rows * outer.len * inner.rows * inner.len;
        if (!Simd.SCALAR && inner.innerStride(0) == 1 && inner.len >= L) {
            int n = outer.rows * outer.len, oxs = outer.innerStride(1), parts = Math.max(1, Math.min(Parallel.threads(), n));
            Parallel.forRange(parts, work, part -> {
                long from = (long) n * part / parts, to = (long) n * (part + 1) / parts;
                forElements(outer, from, to, 0, xOff, oxs, (o, xi) -> out[o] = (float) rowReduce(op, x, xi, inner));
            });
        } else if (!Simd.SCALAR && outer.innerStride(1) == 1 && outer.len >= L) {
            outer.forEachRow(new int[] {0, xOff}, p -> columns(op, x, p[1], inner, out, p[0], outer.len));
        } else {
            scalar(op, x, xOff, outer, inner, out);
        }
    }

    /** The reduction of one kept element: over every (contiguous) row of the inner plan from offset xi. */
    private static double rowReduce(ReduceOp op, float[] x, int xi, Strided inner) {
        double[] acc = {op.identity};
        inner.forEachRow(new int[] {xi}, p -> acc[0] = op.combine(acc[0], row(op, x, p[0], inner.len)));
        return acc[0];
    }

    /** op over x[i .. i + n): float lanes, flushed to double every CHUNK vectors for sums. */
    static double row(ReduceOp op, float[] x, int i, int n) {
        int j = 0, bound = S.loopBound(n);
        double total = op.identity;
        if (op == ReduceOp.SUM) {
            while (j < bound) {
                FloatVector acc = FloatVector.zero(S);
                for (int end = Math.min(bound, j + CHUNK * L); j < end; j += L) acc = acc.add(FloatVector.fromArray(S, x, i + j));
                total += Simd.sum(acc);
            }
            for (; j < n; j++) total += x[i + j];
            return total;
        }
        if (bound > 0) {           // max and min propagate NaN lane-wise, as Math.max does
            FloatVector acc = FloatVector.fromArray(S, x, i);
            if (op == ReduceOp.MAX) {
                for (j = L; j < bound; j += L) acc = acc.max(FloatVector.fromArray(S, x, i + j));
                total = acc.reduceLanes(VectorOperators.MAX);
            } else {
                for (j = L; j < bound; j += L) acc = acc.min(FloatVector.fromArray(S, x, i + j));
                total = acc.reduceLanes(VectorOperators.MIN);
            }
        }
        for (; j < n; j++) total = op.combine(total, x[i + j]);
        return total;
    }

    /**
     * out[o .. o + len) = op over the inner plan of the contiguous rows starting at each inner offset + xi.
     * A sum adds CHUNK rows at a time in float, each chunk from zero, then the chunks in order in
     * double; max and min take one chunk. The chunks run on all kernel threads when the work pays for
     * it, and each chunk's arithmetic is the same on any thread, so the bits do not depend on the threads.
     */
    private static void columns(ReduceOp op, float[] x, int xi, Strided inner, float[] out, int o, int len) {
        long units = (long) inner.rows * inner.len;
        if (units == 0) {
            java.util.Arrays.fill(out, o, o + len, (float) op.identity);
            return;
        }
        long chunk = op == ReduceOp.SUM ? CHUNK : units;
        int chunks = (int) ((units + chunk - 1) / chunk);
        float[] parts = new float[chunks * len];
        if (op != ReduceOp.SUM) java.util.Arrays.fill(parts, (float) op.identity);
        Parallel.forRange(chunks, units * len, c -> chunk(op, x, xi, inner, c * chunk, Math.min(units, (c + 1) * chunk), parts, c * len, len));
        if (op != ReduceOp.SUM) {
            System.arraycopy(parts, 0, out, o, len);
            return;
        }
        int full = (int) (units / CHUNK);
        for (int j = 0; j < len; j++) {
            double t = 0;
            for (int c = 0; c < full; c++) t += parts[c * len + j];
            out[o + j] = (float) (t + (full < chunks ? parts[full * len + j] : 0f));
        }
    }

    /** parts[po .. po + len) = op over the inner plan's rows [from, to), in order, onto what parts holds there. */
    private static void chunk(ReduceOp op, float[] x, int xi, Strided inner, long from, long to, float[] parts, int po, int len) {
        int n = inner.len, step = inner.innerStride(0);
        long[] row = {from / n};
        inner.forRows(from / n, (to - 1) / n + 1, new int[] {xi}, p -> {
            long first = row[0]++ * n;
            for (long e = Math.max(from, first); e < Math.min(to, first + n); e++) accumulate(op, x, p[0] + (int) (e - first) * step, parts, po, len);
        });
    }

    /** part[po + j] = op(part[po + j], x[at + j]) for j < len. */
    private static void accumulate(ReduceOp op, float[] x, int at, float[] part, int po, int len) {
        int j = 0;
        for (int bound = S.loopBound(len); j < bound; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, at + j), a = FloatVector.fromArray(S, part, po + j);
            (switch (op) {
                case SUM -> a.add(v);
                case MAX -> a.max(v);
                case MIN -> a.min(v);
            }).intoArray(part, po + j);
        }
        for (; j < len; j++) part[po + j] = (float) op.combine(part[po + j], x[at + j]);
    }

    private static void scalar(ReduceOp op, float[] x, int xOff, Strided outer, Strided inner, float[] out) {
        int oLen = outer.len, oxs = outer.innerStride(1), iLen = inner.len, ixs = inner.innerStride(0);
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

    /** Visits kept elements [from, to) in order: body(out index, x offset). */
    private interface Element { void at(int o, int xi); }

    private static void forElements(Strided outer, long from, long to, int oOff, int xOff, int oxs, Element body) {
        if (from >= to) return;
        int len = outer.len;
        long r0 = from / len, r1 = (to - 1) / len + 1;
        long[] row = {r0};
        outer.forRows(r0, r1, new int[] {oOff, xOff}, p -> {
            long first = row[0] * len;
            int j0 = (int) Math.max(0, from - first), j1 = (int) Math.min(len, to - first);
            for (int j = j0; j < j1; j++) body.at(p[0] + j, p[1] + j * oxs);
            row[0]++;
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
