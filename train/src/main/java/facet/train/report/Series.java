package facet.train.report;

import java.util.Arrays;

/**
 * One named curve: y against x, the same length, for the line and scatter figures. NaN in y
 * marks a step where the value was not logged (an evaluation every few steps) and is skipped.
 */
public record Series(String name, double[] x, double[] y) {
    public Series {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length + " y values");
        }
    }

    /** y against 0, 1, 2, ... (step index). */
    public static Series of(String name, double[] y) {
        double[] x = new double[y.length];
        Arrays.setAll(x, i -> i);
        return new Series(name, x, y);
    }

    /** The points whose y is finite, in order. */
    Series finite() {
        int n = 0;
        for (double v : y) if (Double.isFinite(v)) n++;
        double[] fx = new double[n], fy = new double[n];
        for (int i = 0, j = 0; i < y.length; i++) {
            if (Double.isFinite(y[i])) { fx[j] = x[i]; fy[j++] = y[i]; }
        }
        return new Series(name, fx, fy);
    }
}
