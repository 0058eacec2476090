package facet.tensor;

import java.util.Arrays;

/** Static helpers over shapes (int[]): sizes, strides, broadcasting, axes, and how to print them. */
public final class Shape {
    private Shape() {}

    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) n *= d;
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException("shape " + str(shape) + " has more than 2^31 elements");
        return (int) n;
    }

    public static int[] contiguousStrides(int[] shape) {
        int[] st = new int[shape.length];
        for (int d = shape.length - 1, s = 1; d >= 0; d--) {
            st[d] = s;
            s *= shape[d];
        }
        return st;
    }

    /** "[2, 3, 4]". */
    public static String str(int[] shape) { return Arrays.toString(shape); }

    /** NumPy broadcasting: align from the right; sizes must be equal or one of them 1. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " do not broadcast: sizes " + da + " and " + db + " meet at axis " + (i - n) + " (from the right)");
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** Turns a possibly negative axis into 0..rank-1 (a 0-d tensor accepts 0 and -1), or names the op and rank. */
    public static int axis(String op, int axis, int rank) {
        int n = Math.max(rank, 1);
        int a = axis < 0 ? axis + n : axis;
        if (a < 0 || a >= n) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank);
        }
        return a;
    }

    /** A mask of the given axes (all axes when none are given), each normalised and unique. */
    public static boolean[] axesMask(String op, int[] axes, int rank) {
        boolean[] m = new boolean[rank];
        if (axes.length == 0) {
            Arrays.fill(m, true);
            return m;
        }
        for (int ax : axes) {
            int a = axis(op, ax, rank);
            if (rank == 0) continue;
            if (m[a]) throw new IllegalArgumentException(op + ": axis " + ax + " is given twice");
            m[a] = true;
        }
        return m;
    }

    /** The shape with the masked axes set to 1 (keepdim) or removed. */
    public static int[] reduced(int[] shape, boolean[] mask, boolean keepdim) {
        int[] out = new int[shape.length];
        int n = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!mask[d]) out[n++] = shape[d];
            else if (keepdim) out[n++] = 1;
        }
        return Arrays.copyOf(out, n);
    }

    public static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
