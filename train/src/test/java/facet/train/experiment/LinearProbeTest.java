package facet.train.experiment;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The probe's fit on features made by hand: it finds a linear rule that exists and invents none that does not. */
class LinearProbeTest {

    /** n rows of d features: class c is a Gaussian blob (spread noise) around its own random centre; labels cycle 0..6. */
    private static LinearProbe.Features blobs(int n, int d, double noise, long seed, boolean shuffledLabels) {
        Random centres = new Random(1), r = new Random(seed);
        double[][] mu = new double[LinearProbe.CLASSES][d];
        for (double[] m : mu) for (int j = 0; j < d; j++) m[j] = centres.nextGaussian();
        double[][] x = new double[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % LinearProbe.CLASSES;
            for (int j = 0; j < d; j++) x[i][j] = mu[c][j] + noise * r.nextGaussian();
            y[i] = shuffledLabels ? r.nextInt(LinearProbe.CLASSES) : c;
        }
        return new LinearProbe.Features(x, y);
    }

    /** The probe's own steps: standardise both with train's statistics, fit on train, score on test. */
    private static double testAccuracy(LinearProbe.Features train, LinearProbe.Features test) {
        train.standardiseWith(train);
        test.standardiseWith(train);
        return LinearProbe.accuracy(LinearProbe.fit(train.x, train.y), test.x, test.y);
    }

    @Test
    void separatesBlobsThatALinearRuleSeparates() {
        double acc = testAccuracy(blobs(700, 16, 0.5, 2, false), blobs(350, 16, 0.5, 3, false));
        assertTrue(acc >= 0.97, "7 well-separated blobs in 16 dimensions: test accuracy " + acc + ", expected >= 0.97");
    }

    @Test
    void findsNothingInLabelsThatCarryNothing() {
        double acc = testAccuracy(blobs(700, 16, 0.5, 4, true), blobs(700, 16, 0.5, 5, true));
        // chance is 1/7 = 0.143; 700 rows give a binomial spread of about 0.013
        assertTrue(acc < 0.22, "labels drawn independently of the features: test accuracy " + acc + ", expected near 1/7");
    }

    @Test
    void stepBoundIsTheCovariancesLargestEigenvalue() {
        // rows (a, 0) and (0, b) in equal numbers: X^T X / n = diag(a^2, b^2) / 2
        double[][] x = new double[200][];
        for (int i = 0; i < 200; i++) x[i] = i % 2 == 0 ? new double[] {3, 0} : new double[] {0, 1};
        double lambda = LinearProbe.largestEigenvalue(x);
        assertTrue(Math.abs(lambda - 4.5) < 1e-9, "largest eigenvalue " + lambda + ", expected 4.5");
    }
}
