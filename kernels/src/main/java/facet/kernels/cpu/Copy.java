package facet.kernels.cpu;

/**
 * Strided copy between host arrays of possibly different element types (float[], double[],
 * int[]): the one kernel behind contiguous(), casts, cat and slice assignment. Float to int
 * truncates toward zero, as a C cast does.
 *
 * <p>Each element is written once, so rows can go to any thread in any order: large copies run
 * on all kernel threads, and a walk whose innermost row would be short (a ViT's patchify makes
 * rows of 3 channels) runs along a longer dimension that one side reads or writes contiguously.
 */
public final class Copy {
    private Copy() {}

    /** An innermost row shorter than this makes the walk look for a longer one. */
    private static final int SHORT_ROW = 16;

    public static void copy(Object src, int srcOff, int[] srcStrides, Object dst, int dstOff, int[] dstStrides, int[] shape) {
        boolean rewrites = false;   // a broadcast destination takes several writes per element: keep them in order, the last wins
        for (int d = 0; d < shape.length; d++) rewrites |= dstStrides[d] == 0 && shape[d] > 1;
        Strided plan = rewrites ? new Strided(shape, srcStrides, dstStrides) : plan(shape, srcStrides, dstStrides);
        int ss = plan.innerStride(0), ds = plan.innerStride(1);
        Elementwise.RowRange row;   // elements [from, to) of the row whose source and destination offsets are p[0], p[1]
        if (src instanceof float[] s && dst instanceof float[] d) {
            row = ss == 1 && ds == 1 ? (p, from, to) -> System.arraycopy(s, p[0] + from, d, p[1] + from, to - from)
                    : (p, from, to) -> { for (int j = from, si = p[0] + j * ss, di = p[1] + j * ds; j < to; j++, si += ss, di += ds) d[di] = s[si]; };
        } else if (src instanceof double[] s && dst instanceof double[] d) {
            row = (p, from, to) -> { for (int j = from, si = p[0] + j * ss, di = p[1] + j * ds; j < to; j++, si += ss, di += ds) d[di] = s[si]; };
        } else if (src instanceof int[] s && dst instanceof int[] d) {
            row = (p, from, to) -> { for (int j = from, si = p[0] + j * ss, di = p[1] + j * ds; j < to; j++, si += ss, di += ds) d[di] = s[si]; };
        } else {
            row = (p, from, to) -> { for (int j = from, si = p[0] + j * ss, di = p[1] + j * ds; j < to; j++, si += ss, di += ds) set(dst, di, get(src, si)); };
        }
        int[] offsets = {srcOff, dstOff};
        if (rewrites) plan.forEachRow(offsets, p -> row.run(p, 0, plan.len));
        else Elementwise.rows(plan, offsets, row);   // on all kernel threads when the copy is large
    }

    /**
     * The walk over shape, innermost along the last dim; when that row is short, along the
     * longest dim that the source (else the destination) steps through with stride 1, if its row is longer.
     */
    static Strided plan(int[] shape, int[] srcStrides, int[] dstStrides) {
        Strided plan = new Strided(shape, srcStrides, dstStrides);
        if (plan.len >= SHORT_ROW || shape.length < 2) return plan;
        int best = -1;
        for (int[] strides : new int[][] {srcStrides, dstStrides}) {
            for (int d = 0; d < shape.length - 1; d++) {
                if (strides[d] == 1 && shape[d] > plan.len && (best < 0 || shape[d] > shape[best])) best = d;
            }
            if (best >= 0) break;
        }
        if (best < 0) return plan;
        Strided moved = new Strided(last(shape, best), last(srcStrides, best), last(dstStrides, best));
        return moved.len > plan.len ? moved : plan;
    }

    /** a with entry d moved to the end. */
    private static int[] last(int[] a, int d) {
        int[] r = new int[a.length];
        for (int i = 0, o = 0; i < a.length; i++) if (i != d) r[o++] = a[i];
        r[a.length - 1] = a[d];
        return r;
    }

    /** Fills a contiguous range with one value (a large float range on all kernel threads: zeroing a recycled array, say). */
    public static void fill(Object dst, int from, int to, double value) {
        switch (dst) {
            // the step arena zeroes many small arrays: those skip building a one-row plan for the threads
            case float[] d when to - from < Elementwise.PARALLEL_ELEMENTS -> java.util.Arrays.fill(d, from, to, (float) value);
            case float[] d -> Elementwise.rows(new Strided(new int[] {to - from}, new int[] {1}), new int[] {from},
                    (p, a, b) -> java.util.Arrays.fill(d, p[0] + a, p[0] + b, (float) value));
            case double[] d -> java.util.Arrays.fill(d, from, to, value);
            case int[] d -> java.util.Arrays.fill(d, from, to, (int) value);
            default -> throw new IllegalArgumentException("fill: unsupported array " + dst.getClass().getSimpleName());
        }
    }

    static double get(Object a, int i) {
        return switch (a) {
            case float[] f -> f[i];
            case double[] d -> d[i];
            case int[] n -> n[i];
            default -> throw new IllegalArgumentException("copy: unsupported array " + a.getClass().getSimpleName());
        };
    }

    static void set(Object a, int i, double v) {
        switch (a) {
            case float[] f -> f[i] = (float) v;
            case double[] d -> d[i] = v;
            case int[] n -> n[i] = (int) v;
            default -> throw new IllegalArgumentException("copy: unsupported array " + a.getClass().getSimpleName());
        }
    }
}
