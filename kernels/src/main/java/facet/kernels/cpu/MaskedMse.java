package facet.kernels.cpu;

import facet.kernels.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * MAE's masked reconstruction loss over R rows (patches) of L values: pred, target (R, L) and
 * mask (R), contiguous from 0. loss = sum_r m_r mean_j (p - t)^2 / max(sum_r m_r, 1), with t
 * optionally standardised per row: (t - mean) / sqrt(unbiased var + 1e-6) (MAE's norm_pix_loss).
 * Rows with m_r = 0 are skipped, so at mask ratio 0.75 a quarter of the rows are read. Each row's
 * sums are in double, combined in row order: the result does not depend on the thread count.
 * Bottleneck: memory, 8 bytes read per element of a counted row (pred and target); the backward
 * also writes 4.
 */
public final class MaskedMse {
    private MaskedMse() {}

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int L = S.length();

    /** The loss as a float (rounded once from double). */
    public static float forward(int rows, int len, float[] pred, float[] target, float[] mask, boolean norm) {
        double[] row = new double[rows];
        Parallel.forRange(rows, (long) rows * len, r -> {
            if (mask[r] == 0) return;
            float[] st = stats(target, r * len, len, norm);
            row[r] = mask[r] * squaredError(target, pred, r * len, len, st[0], st[1]) / len;
        });
        double sum = 0, count = 0;
        for (int r = 0; r < rows; r++) {
            sum += row[r];
            count += mask[r];
        }
        return (float) (sum / Math.max(count, 1));
    }

    /** dPred (R, L) for the loss's gradient dOut: 2 m_r (p - t) dOut / (L max(sum m, 1)); zero on uncounted rows. */
    public static void backward(int rows, int len, float[] pred, float[] target, float[] mask, boolean norm, float dOut, float[] dPred) {
        double count = 0;
        for (int r = 0; r < rows; r++) count += mask[r];
        double scale = 2.0 * dOut / (len * Math.max(count, 1));
        Parallel.forRange(rows, (long) rows * len, r -> {
            int o = r * len;
            float s = (float) (scale * mask[r]);
            if (s == 0) {
                java.util.Arrays.fill(dPred, o, o + len, 0f);
                return;
            }
            float[] st = stats(target, o, len, norm);
            for (int j = 0; j < len; j++) dPred[o + j] = s * (pred[o + j] - (target[o + j] - st[0]) * st[1]);
        });
    }

    /** {mean, rstd} of target[o, o + len) when norm, else {0, 1}: the map t -> (t - mean) * rstd. Two passes, as the composed op. */
    static float[] stats(float[] t, int o, int len, boolean norm) {
        if (!norm) return new float[] {0, 1};
        float mean = (float) (Reduce.row(ReduceOp.SUM, t, o, len) / len);
        double var = squaredError(t, null, o, len, mean, 1) / (len - 1);   // unbiased, as torch.var
        return new float[] {mean, (float) (1 / Math.sqrt(var + 1e-6))};
    }

    /** sum_j (p - (t - mean) rstd)^2 over one row; with p null, sum_j ((t - mean) rstd)^2. */
    private static double squaredError(float[] t, float[] p, int o, int len, float mean, float rstd) {
        int j = 0;
        double total = 0;
        if (!Simd.SCALAR) {
            FloatVector acc = FloatVector.zero(S);
            for (int bound = S.loopBound(len); j < bound; j += L) {
                FloatVector d = FloatVector.fromArray(S, t, o + j).sub(mean).mul(rstd);
                if (p != null) d = FloatVector.fromArray(S, p, o + j).sub(d);
                acc = d.fma(d, acc);
            }
            total = Simd.sum(acc);
        }
        for (; j < len; j++) {
            float d = (t[o + j] - mean) * rstd;
            if (p != null) d = p[o + j] - d;
            total += (double) d * d;
        }
        return total;
    }
}
