package facet.kernels.cuda;

import java.util.Arrays;

/**
 * An index space shared by several strided operands, simplified for the kernels: size-1 dims
 * are dropped and neighbouring dims that are contiguous with each other in every operand are
 * merged, so a contiguous tensor of any rank becomes one dim and a transposed matrix two.
 * The kernels accept at most {@link KernelArgs#MAX_DIMS} dims after this.
 */
public record Layout(int[] sizes, int[][] strides) {
    /** Merges the dims of shape under the given per-operand strides. */
    public static Layout of(int[] shape, int[]... strides) {
        int ops = strides.length;
        int[] s = new int[shape.length];
        int[][] st = new int[ops][shape.length];
        int n = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) continue;
            boolean merge = n > 0;
            for (int k = 0; k < ops && merge; k++) merge = st[k][n - 1] == (long) strides[k][d] * shape[d];
            if (merge) {
                s[n - 1] *= shape[d];
                for (int k = 0; k < ops; k++) st[k][n - 1] = strides[k][d];
            } else {
                s[n] = shape[d];
                for (int k = 0; k < ops; k++) st[k][n] = strides[k][d];
                n++;
            }
        }
        int[][] out = new int[ops][];
        for (int k = 0; k < ops; k++) out[k] = Arrays.copyOf(st[k], n);
        return new Layout(Arrays.copyOf(s, n), out);
    }

    public int rank() { return sizes.length; }

    public long count() {
        long c = 1;
        for (int s : sizes) c *= s;
        return c;
    }

    public int[] strides(int operand) { return strides[operand]; }

    /** Row-major strides of a contiguous tensor of this shape. */
    public static int[] contiguous(int[] shape) { return facet.kernels.cpu.Strided.contiguous(shape); }

    /** The dims of shape selected (or not) by mask, with their strides: used to split kept and reduced dims. */
    public static int[] pick(int[] values, boolean[] mask, boolean want) {
        int n = 0;
        for (boolean m : mask) if (m == want) n++;
        int[] out = new int[n];
        for (int d = 0, k = 0; d < values.length; d++) if (mask[d] == want) out[k++] = values[d];
        return out;
    }
}
