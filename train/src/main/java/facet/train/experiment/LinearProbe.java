package facet.train.experiment;

import facet.autograd.NoGrad;
import facet.autograd.Pool2d;
import facet.autograd.Variable;
import facet.nn.models.VisionTransformer;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.PoolParams;
import facet.tensor.Tensor;
import facet.train.data.FaceDataset;
import facet.train.data.loader.Batch;
import facet.train.data.loader.Loader;

import java.util.Arrays;

/**
 * The linear probe of a frozen encoder: how much of the expression a pre-trained ViT's features
 * carry before any fine-tuning. Features are the patch tokens after the encoder's final norm, on
 * the whole unmasked image, averaged over each cell of a grid x grid split of the image (grid 1:
 * MAE's global pool; grid 2: four pooled tokens side by side, which keeps where on the face a
 * feature is), standardised with the training set's mean and spread; a multinomial logistic
 * regression (7 classes, L2 {@link #L2}) is fitted on them by full-batch accelerated gradient
 * descent and scored on the test set.
 *
 * <p>Why not MAE's probe (the class token, a batch norm, SGD for 90 epochs): at this scale the
 * class token of a from-scratch MAE is barely trained (nothing reads it during pre-training), and a
 * convex fit with a fixed step count is deterministic, seconds long and free of a learning rate.
 * Cost: N x D x 7 multiply-adds per iteration, {@link #ITERATIONS} of them.
 */
public final class LinearProbe {
    private LinearProbe() {}

    static final int CLASSES = 7, ITERATIONS = 1500;
    static final double L2 = 1e-3;

    /** Train and test accuracy, as fractions; features: their width. */
    public record Result(double trainAccuracy, double testAccuracy, int features) {}

    /** The probe of encoder's features on a grid x grid pooling, fitted on train and scored on test (labelled faces at the encoder's size). */
    public static Result run(VisionTransformer encoder, FaceDataset train, FaceDataset test, int batch, Device device, int grid) {
        Features tr = features(encoder, train, batch, device, grid), te = features(encoder, test, batch, device, grid);
        tr.standardiseWith(tr);
        te.standardiseWith(tr);
        double[][] w = fit(tr.x, tr.y);
        return new Result(accuracy(w, tr.x, tr.y), accuracy(w, te.x, te.y), tr.x[0].length);
    }

    /** Rows of features (float64) and their labels. */
    static final class Features {
        final double[][] x;
        final int[] y;
        private double[] mean, std;

        Features(double[][] x, int[] y) {
            this.x = x;
            this.y = y;
        }

        /** Subtracts ref's per-feature mean and divides by its spread (computed from ref the first time). */
        void standardiseWith(Features ref) {
            if (ref.mean == null) {
                int n = ref.x.length, d = ref.x[0].length;
                ref.mean = new double[d];
                ref.std = new double[d];
                for (double[] r : ref.x) for (int j = 0; j < d; j++) ref.mean[j] += r[j] / n;
                for (double[] r : ref.x) for (int j = 0; j < d; j++) ref.std[j] += (r[j] - ref.mean[j]) * (r[j] - ref.mean[j]) / n;
                for (int j = 0; j < d; j++) ref.std[j] = Math.sqrt(ref.std[j]) + 1e-6;
            }
            double[] m = ref.mean, s = ref.std;
            for (double[] r : x) for (int j = 0; j < r.length; j++) r[j] = (r[j] - m[j]) / s[j];
        }
    }

    /** The encoder's pooled patch tokens (N, D) for every labelled face of data, in eval mode, without gradients. */
    static Features features(VisionTransformer encoder, FaceDataset data, int batch, Device device, int grid) {
        int n = 0;
        for (int i = 0; i < data.size(); i++) if (data.label(i) >= 0) n++;
        double[][] x = new double[n][];
        int[] y = new int[n];
        int row = 0;
        boolean wasTraining = encoder.isTraining();
        encoder.eval();
        try (var ng = NoGrad.enter(); Loader loader = Loader.over(data).batchSize(batch).shuffle(false).workers(0)
                .transform(Experiment.normalize()).build()) {
            for (Batch b : loader.epoch(0)) {
                Variable tokens = encoder.forwardTokens(Variable.constant(b.images().to(device)));
                int p = encoder.config.patches(), g = encoder.config.gridSize(), dd = tokens.size(2), d = dd * grid * grid;
                Variable map = tokens.narrow(1, 1, p).transpose(1, 2).reshape(tokens.size(0), dd, g, g);
                float[] f = Pool2d.avgPool2d(map, PoolParams.of(g / grid, g / grid, 0), false).reshape(tokens.size(0), d).data().toFloatArray();
                int[] labels = b.labels().toIntArray();
                for (int i = 0; i < labels.length; i++) {
                    if (labels[i] < 0) continue;
                    double[] r = new double[d];
                    for (int j = 0; j < d; j++) r[j] = f[i * d + j];
                    x[row] = r;
                    y[row++] = labels[i];
                }
            }
        } finally {
            if (wasTraining) encoder.train();
        }
        if (row != n) throw new IllegalStateException("linear probe: " + data.name() + " gave " + row + " labelled faces, expected " + n);
        return new Features(x, y);
    }

    /**
     * Multinomial logistic regression with bias: minimises mean cross-entropy + L2/2 |W|^2 (bias not
     * decayed) by Nesterov's accelerated gradient with step 1/L, L = lambda_max(X^T X / n) / 2 + L2
     * (a bound on the loss's curvature for softmax), lambda_max found by power iteration.
     * x (N, D) standardised, y (N) -> W (7, D + 1), the bias last. The iterations run on the
     * engine's float32 CPU kernels, two GEMMs each: about 1.5 ms an iteration for 3000 faces of 385
     * features on 2 cores, where plain float64 loops took ten times that.
     */
    static double[][] fit(double[][] x, int[] y) {
        int n = x.length, d = x[0].length;
        double step = 1 / (0.5 * (largestEigenvalue(x) + 1) + L2);   // +1: the bias column of ones
        double[] rows = new double[n * (d + 1)], hot = new double[n * CLASSES], decay = new double[(d + 1) * CLASSES];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x[i], 0, rows, i * (d + 1), d);
            rows[i * (d + 1) + d] = 1;
            hot[i * CLASSES + y[i]] = 1;
        }
        Arrays.fill(decay, 0, d * CLASSES, L2);   // the bias row (last) is not decayed
        Tensor xs = Tensor.of(rows, n, d + 1).to(DType.F32), xt = xs.transpose(0, 1).contiguous(), target = Tensor.of(hot, n, CLASSES).to(DType.F32);
        Tensor l2 = Tensor.of(decay, d + 1, CLASSES).to(DType.F32);
        Tensor w = Tensor.zeros(DType.F32, d + 1, CLASSES), prev = w;
        for (int it = 1; it <= ITERATIONS; it++) {
            double momentum = (it - 1.0) / (it + 2.0);
            Tensor look = w.add(w.sub(prev).mul(momentum));
            Tensor grad = xt.matmul(xs.matmul(look).softmax(1).sub(target)).mul(1.0 / n).add(look.mul(l2));
            prev = w;
            w = look.sub(grad.mul(step));
        }
        double[] flat = w.toDoubleArray();
        double[][] out = new double[CLASSES][d + 1];
        for (int j = 0; j <= d; j++) for (int c = 0; c < CLASSES; c++) out[c][j] = flat[j * CLASSES + c];
        return out;
    }

    /** p = softmax(W [r; 1]). */
    private static void softmax(double[][] w, double[] r, double[] p) {
        int d = r.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < CLASSES; c++) {
            double z = w[c][d];
            for (int j = 0; j < d; j++) z += w[c][j] * r[j];
            p[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < CLASSES; c++) sum += p[c] = Math.exp(p[c] - max);
        for (int c = 0; c < CLASSES; c++) p[c] /= sum;
    }

    /** lambda_max(X^T X / n) by 50 power iterations from the all-ones vector (deterministic). */
    static double largestEigenvalue(double[][] x) {
        int n = x.length, d = x[0].length;
        double[] v = new double[d], u = new double[d];
        Arrays.fill(v, 1 / Math.sqrt(d));
        double lambda = 0;
        for (int it = 0; it < 50; it++) {
            Arrays.fill(u, 0);
            for (double[] r : x) {
                double dot = 0;
                for (int j = 0; j < d; j++) dot += r[j] * v[j];
                for (int j = 0; j < d; j++) u[j] += dot * r[j] / n;
            }
            double norm = 0;
            for (double e : u) norm += e * e;
            norm = Math.sqrt(norm);
            if (norm == 0) return 0;
            lambda = norm;
            for (int j = 0; j < d; j++) v[j] = u[j] / norm;
        }
        return lambda;
    }

    /** The fraction of rows whose arg-max class is their label. */
    static double accuracy(double[][] w, double[][] x, int[] y) {
        double[] p = new double[CLASSES];
        int right = 0;
        for (int i = 0; i < x.length; i++) {
            softmax(w, x[i], p);
            int best = 0;
            for (int c = 1; c < CLASSES; c++) if (p[c] > p[best]) best = c;
            if (best == y[i]) right++;
        }
        return (double) right / x.length;
    }
}
