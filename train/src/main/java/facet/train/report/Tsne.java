package facet.train.report;

import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Exact t-SNE (van der Maaten and Hinton, 2008) on Facet's tensors, for the Fig. 6 panels.
 * Glossary: N points, D input features; P, Q, W are (N, N).
 *
 * <ol>
 * <li>Squared distances from one matmul: |x_i|^2 + |x_j|^2 - 2 x_i.x_j.
 * <li>Perplexity calibration: for every point at once, a binary search on the Gaussian precision
 *     beta_i until the entropy of p_{j|i} equals log(perplexity) (tensor ops over all rows per
 *     step, one host read per step to test convergence). P = (P_cond + P_cond^T) / 2N.
 * <li>Gradient descent on Y (N, 2): q_ij = num_ij / sum num with num_ij = 1 / (1 + |y_i - y_j|^2),
 *     dC/dy_i = 4 sum_j (p_ij - q_ij) num_ij (y_i - y_j) = 4 (rowsum(W) y_i - (W Y)_i) with
 *     W = (P - Q) * num; early exaggeration (P x 12 for the first 250 steps), momentum 0.5 then
 *     0.8, per-coordinate gains (+0.2 when the step reverses, x0.8 otherwise, at least 0.01), the
 *     learning rate max(N / exaggeration / 4, 50) (scikit-learn's "auto"); 750 steps in all
 *     (openTSNE's 250 + 500).
 * </ol>
 * The diagonal needs no mask in the gradient: its term multiplies y_i - y_i = 0; only the sum of
 * num drops its N diagonal ones. Cost per step: six passes over (N, N) floats (two of them
 * matmuls with an inner size of 4 and 3); about 5 ms at N = 800 on 2 idle cores. Deterministic for
 * a seed and a thread count (the start is Philox normal noise x 1e-4).
 *
 * <pre>{@code
 * Tsne.Result r = Tsne.fit(features, Tsne.Options.defaults(0));   // features (N, D)
 * float[] xy = r.embedding();                                     // (N, 2) row-major
 * }</pre>
 */
public final class Tsne {
    private Tsne() {}

    public record Options(double perplexity, int iterations, double exaggeration, int exaggerationIterations, long seed) {
        public static Options defaults(long seed) { return new Options(30, 750, 12, 250, seed); }

        public Options withIterations(int n) { return new Options(perplexity, n, exaggeration, exaggerationIterations, seed); }

        public Options withPerplexity(double p) { return new Options(p, iterations, exaggeration, exaggerationIterations, seed); }
    }

    /**
     * embedding: (N, 2) row-major; klSteps / kl: KL(P || Q) of the un-exaggerated P, every 50
     * steps and at the last one.
     */
    public record Result(int n, float[] embedding, int[] klSteps, double[] kl) {
        public double x(int i) { return embedding[2 * i]; }

        public double y(int i) { return embedding[2 * i + 1]; }
    }

    /** x: (N, D) float features on any device (the fit runs on the CPU), N >= 4; perplexity is capped at (N - 1) / 3. */
    public static Result fit(Tensor x, Options o) {
        x.requireDim("tsne", 2, "(N, D)");
        int n = x.size(0);
        if (n < 4) throw new IllegalArgumentException("tsne: need at least 4 points, got " + n);
        Tensor p = affinities(x.to(Device.CPU).to(DType.F32).contiguous(), Math.min(o.perplexity(), (n - 1) / 3.0));
        return descend(p, n, o);
    }

    public static Result fit(float[][] rows, Options o) {
        int n = rows.length, d = rows[0].length;
        float[] flat = new float[n * d];
        for (int i = 0; i < n; i++) System.arraycopy(rows[i], 0, flat, i * d, d);
        return fit(Tensor.of(flat, n, d), o);
    }

    /** x: (N, D) -> P (N, N), symmetric, zero diagonal, sums to 1. */
    static Tensor affinities(Tensor x, double perplexity) {
        int n = x.size(0);
        Tensor cond = conditional(x, perplexity);
        return cond.add(cond.transpose(0, 1)).div(2.0 * n).maximum(1e-12).mul(offDiagonal(n));
    }

    /** x: (N, D) -> p_{j|i} (N, N): row i is a Gaussian around x_i whose entropy is log(perplexity). */
    static Tensor conditional(Tensor x, double perplexity) {
        int n = x.size(0);
        Tensor offDiag = offDiagonal(n), diag = offDiag.neg().add(1);
        Tensor sq = x.mul(x).sum(true, 1);                                            // (N, 1)
        Tensor d2 = sq.add(sq.transpose(0, 1)).sub(x.matmul(x.transpose(0, 1)).mul(2)).maximum(0).mul(offDiag);
        // Shift each row by its nearest neighbour's distance: p_{j|i} is unchanged, and the
        // largest exp is 1, so no row underflows to all zeros however far apart points are.
        Tensor dd = d2.sub(d2.add(diag.mul(Float.MAX_VALUE)).min(true, 1)).mul(offDiag);
        Tensor beta = reciprocal(dd.sum(true, 1).div(n - 1).add(1e-12));             // start at 1 / mean distance
        Tensor lo = Tensor.zerosLike(beta), hi = Tensor.zerosLike(beta), hiSet = Tensor.zerosLike(beta);
        double logU = Math.log(perplexity);
        Tensor cond = null;
        for (int step = 0; step < 100; step++) {
            Tensor e = dd.mul(beta).neg().exp().mul(offDiag);
            Tensor s = e.sum(true, 1);
            cond = e.div(s);
            Tensor entropy = s.log().add(beta.mul(dd.mul(cond).sum(true, 1)));      // H = log S + beta <d>
            Tensor gap = entropy.sub(logU);
            if (gap.abs().max(false).item() < 1e-4) break;
            Tensor up = gap.gt(0);                                                    // too flat: sharpen
            Tensor grown = Tensor.where(hiSet, beta.add(hi).mul(0.5), beta.mul(2));
            Tensor shrunk = beta.add(lo).mul(0.5);
            lo = Tensor.where(up, beta, lo);
            hi = Tensor.where(up, hi, beta);
            hiSet = Tensor.where(up, hiSet, hiSet.onesLike());
            // bounded, so a row that cannot reach the target (equidistant neighbours) stays finite
            beta = Tensor.where(up, grown, shrunk).clamp(1e-20, 1e20);
        }
        return cond;
    }

    private static Tensor offDiagonal(int n) {
        float[] m = new float[n * n];
        Arrays.fill(m, 1);
        for (int i = 0; i < n; i++) m[i * n + i] = 0;
        return Tensor.of(m, n, n);
    }

    private static Result descend(Tensor p, int n, Options o) {
        double lr = Math.max(n / o.exaggeration() / 4, 50);
        Tensor y = Tensor.randn(new Generator(o.seed()), DType.F32, n, 2).mul(1e-4);
        Tensor update = Tensor.zeros(n, 2), gains = Tensor.ones(n, 2);
        Tensor pLogP = p.mul(p.maximum(1e-12).log()).sum();                           // the zero diagonal adds 0
        Tensor pEx = p.mul(o.exaggeration());
        // 1 + |y_i - y_j|^2 = a_i . b_j with a_i = [-2 y_i, |y_i|^2 + 1, 1], b_j = [y_j, 1, |y_j|^2]:
        // one (N, 4) x (4, N) product writes it, instead of four passes over (N, N).
        Tensor a2 = Tensor.of(new float[] {-2, 0, 0, 0, 0, -2, 0, 0}, 2, 4), a1 = Tensor.of(new float[] {0, 0, 1, 0}, 1, 4);
        Tensor a0 = Tensor.of(new float[] {0, 0, 1, 1}, 1, 4);
        Tensor b2 = Tensor.of(new float[] {1, 0, 0, 0, 0, 1, 0, 0}, 2, 4), b1 = Tensor.of(new float[] {0, 0, 0, 1}, 1, 4);
        Tensor b0 = Tensor.of(new float[] {0, 0, 1, 0}, 1, 4);
        // W [Y, 1] gives W Y and rowsum(W) in one pass over W
        Tensor e2 = Tensor.of(new float[] {1, 0, 0, 0, 1, 0}, 2, 3), e0 = Tensor.of(new float[] {0, 0, 1}, 1, 3);
        List<Integer> steps = new ArrayList<>();
        List<Double> kls = new ArrayList<>();
        for (int it = 0; it < o.iterations(); it++) {
            boolean early = it < o.exaggerationIterations();
            Tensor yy = y.mul(y).sum(true, 1);
            Tensor a = y.matmul(a2).add(yy.matmul(a1)).add(a0), b = y.matmul(b2).add(yy.matmul(b1)).add(b0);
            Tensor num = reciprocal(a.matmul(b.transpose(0, 1)));
            Tensor q = num.mul(reciprocal(num.sum().sub(n)));                         // the N diagonal ones are not pairs
            Tensor w = (early ? pEx : p).sub(q).mul(num);
            Tensor r = w.matmul(y.matmul(e2).add(e0));                                // (N, 3): W Y | rowsum(W)
            Tensor grad = r.narrow(1, 2, 1).mul(y).sub(r.narrow(1, 0, 2)).mul(4);
            gains = Tensor.where(grad.mul(update).lt(0), gains.add(0.2), gains.mul(0.8)).maximum(0.01);
            update = update.mul(early ? 0.5 : 0.8).sub(gains.mul(grad).mul(lr));
            y = y.add(update);
            y = y.sub(y.mean(true, 0));
            if ((it + 1) % 50 == 0 || it == o.iterations() - 1) {
                steps.add(it + 1);
                kls.add(pLogP.sub(p.mul(q.maximum(1e-12).log()).sum()).item());
            }
        }
        return new Result(n, y.toFloatArray(), steps.stream().mapToInt(Integer::intValue).toArray(),
                kls.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** 1 / t by a division, not pow(-1): a division is one vector instruction. */
    private static Tensor reciprocal(Tensor t) { return Tensor.scalar(1.0).div(t); }
}
