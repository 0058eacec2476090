package facet.kernels.cpu;

/**
 * Strided copy between host arrays of possibly different element types (float[], double[],
 * int[]): the one kernel behind contiguous(), casts, cat and slice assignment. Float to int
 * truncates toward zero, as a C cast does.
 */
public final class Copy {
    private Copy() {}

    public static void copy(Object src, int srcOff, int[] srcStrides, Object dst, int dstOff, int[] dstStrides, int[] shape) {
        Strided plan = new Strided(shape, srcStrides, dstStrides);
        int len = plan.len, ss = plan.innerStride(0), ds = plan.innerStride(1);
        Strided.Row row;
        if (src instanceof float[] s && dst instanceof float[] d) {
            row = p -> { for (int j = 0, si = p[0], di = p[1]; j < len; j++, si += ss, di += ds) d[di] = s[si]; };
        } else if (src instanceof double[] s && dst instanceof double[] d) {
            row = p -> { for (int j = 0, si = p[0], di = p[1]; j < len; j++, si += ss, di += ds) d[di] = s[si]; };
        } else if (src instanceof int[] s && dst instanceof int[] d) {
            row = p -> { for (int j = 0, si = p[0], di = p[1]; j < len; j++, si += ss, di += ds) d[di] = s[si]; };
        } else {
            row = p -> { for (int j = 0, si = p[0], di = p[1]; j < len; j++, si += ss, di += ds) set(dst, di, get(src, si)); };
        }
        plan.forEachRow(new int[] {srcOff, dstOff}, row);
    }

    /** Fills a contiguous range with one value. */
    public static void fill(Object dst, int from, int to, double value) {
        switch (dst) {
            case float[] d -> java.util.Arrays.fill(d, from, to, (float) value);
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
