package facet.kernels.cpu;

import facet.kernels.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Softmax over contiguous rows of n floats, one row at a time: max, exp(x - max), sum, divide.
 * The composed ops (a max, a subtraction, exp, a sum and a division, each a pass over memory and
 * an output of its own) cost the ESGM step 4.5 ms for one (32, 3, 64, 64) call that takes 0.8 ms
 * alone. Each value is rounded exactly as the composition rounds it, so the two agree bit for bit,
 * when n is a whole number of vectors: then every exp is the vector one (the composed exp takes
 * scalar Math.exp for a tensor's last few elements) and the sum is {@link Reduce#row}'s order.
 */
public final class Softmax {
    private Softmax() {}

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int L = S.length();

    /** Whether rows of n take this kernel: only where it equals the composition bit for bit. */
    public static boolean fuses(int n) { return !Simd.SCALAR && n >= L && n % L == 0; }

    /** out[r n + j] = softmax of x[xOff + r n ..] for rows r < rows; x contiguous, n as {@link #fuses} says. */
    public static void rows(float[] x, int xOff, float[] out, int rows, int n) {
        if (!fuses(n)) throw new IllegalArgumentException("softmax: rows of " + n + " are not a whole number of " + L + "-float vectors");
        Parallel.forRange(rows, 8L * rows * n, r -> row(x, xOff + r * n, out, r * n, n));
    }

    private static void row(float[] x, int xi, float[] out, int o, int n) {
        FloatVector m = FloatVector.broadcast(S, (float) Reduce.row(ReduceOp.MAX, x, xi, n));
        for (int j = 0; j < n; j += L) Simd.exp(FloatVector.fromArray(S, x, xi + j).sub(m)).intoArray(out, o + j);
        FloatVector s = FloatVector.broadcast(S, (float) Reduce.row(ReduceOp.SUM, out, o, n));
        for (int j = 0; j < n; j += L) FloatVector.fromArray(S, out, o + j).div(s).intoArray(out, o + j);
    }
}
