package facet.kernels.cpu;

import java.util.Arrays;

/**
 * A row-major walk over an n-d index space shared by several strided operands.
 *
 * <p>The plan first drops size-1 dimensions and merges neighbours that are contiguous with each
 * other in every operand, so a contiguous tensor of any rank becomes one long row. Kernels then
 * run their own tight loop over each innermost row: {@link #forEachRow} hands them the start
 * offset of every operand, and {@link #len} / {@link #innerStride} are fixed for the whole walk.
 */
public final class Strided {
    /** Length of each innermost row, and the number of rows. */
    public final int len, rows;
    private final int[] shape;       // outer dims only (innermost removed), coalesced
    private final int[][] strides;   // [operand][outer dim]
    private final int[] inner;       // innermost stride per operand

    public interface Row {
        /** base[k] is operand k's offset of element 0 of this row. */
        void run(int[] base);
    }

    /** @param strides one stride array per operand, each of shape.length entries. */
    public Strided(int[] shape, int[]... strides) {
        int ops = strides.length;
        int[] s = new int[shape.length];
        int[][] st = new int[ops][shape.length];
        int n = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            if (n > 0 && mergeable(st, n - 1, strides, shape, d)) {
                s[n - 1] *= shape[d];
                for (int k = 0; k < ops; k++) st[k][n - 1] = strides[k][d];
                continue;
            }
            s[n] = shape[d];
            for (int k = 0; k < ops; k++) st[k][n] = strides[k][d];
            n++;
        }
        int total = 1;
        for (int d : shape) total *= d;
        if (n == 0) {          // scalar or all-ones shape: one row of one element
            this.len = total == 0 ? 0 : 1;
            this.rows = total == 0 ? 0 : 1;
            this.shape = new int[0];
            this.strides = new int[ops][0];
            this.inner = new int[ops];
            return;
        }
        this.len = s[n - 1];
        this.rows = len == 0 ? 0 : total / len;
        this.shape = Arrays.copyOf(s, n - 1);
        this.inner = new int[ops];
        this.strides = new int[ops][];
        for (int k = 0; k < ops; k++) {
            inner[k] = st[k][n - 1];
            this.strides[k] = Arrays.copyOf(st[k], n - 1);
        }
    }

    /** Dim d folds into the previous kept dim when, for every operand, prev stride = size(d) * stride(d). */
    private static boolean mergeable(int[][] st, int prev, int[][] strides, int[] shape, int d) {
        for (int k = 0; k < st.length; k++) {
            if (st[k][prev] != strides[k][d] * shape[d]) return false;
        }
        return true;
    }

    public int innerStride(int operand) { return inner[operand]; }

    /** Calls {@code row} once per innermost row, in row-major order of the outer dims. */
    public void forEachRow(int[] offsets, Row row) { forRows(0, rows, offsets, row); }

    /** Calls {@code row} for rows [from, to) only: the slice of the walk one thread takes. */
    public void forRows(long from, long to, int[] offsets, Row row) {
        if (from >= to) return;
        int ops = offsets.length, nd = shape.length;
        int[] base = offsets.clone();
        int[] idx = new int[nd];
        long rest = from;
        for (int d = nd - 1; d >= 0; d--) {           // unravel the first row index
            idx[d] = (int) (rest % shape[d]);
            rest /= shape[d];
            for (int k = 0; k < ops; k++) base[k] += idx[d] * strides[k][d];
        }
        for (long r = from; r < to; r++) {
            row.run(base);
            for (int d = nd - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    for (int k = 0; k < ops; k++) base[k] += strides[k][d];
                    break;
                }
                idx[d] = 0;
                for (int k = 0; k < ops; k++) base[k] -= strides[k][d] * (shape[d] - 1);
            }
        }
    }

    /** Row-major strides of a contiguous tensor of this shape. */
    public static int[] contiguous(int[] shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = s;
            s *= shape[d];
        }
        return st;
    }
}
