package facet.train.report;

import java.util.Arrays;
import java.util.Locale;

/**
 * Mean, spread and 95% interval over seeds, and their printed forms ("57.57 ± 1.10",
 * "[−0.6, +2.2]"). A missing value prints as "—".
 */
public final class Stats {
    private Stats() {}

    /** What a table prints where there is no value (pixel input has no probe, an old run no key). */
    public static final String MISSING = "—";

    public static double mean(double[] v) {
        if (v.length == 0) return Double.NaN;
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }

    /** Sample standard deviation (n - 1), as papers report over seeds; 0 for one value. */
    public static double std(double[] v) {
        if (v.length < 2) return 0;
        double m = mean(v), s = 0;
        for (double x : v) s += (x - m) * (x - m);
        return Math.sqrt(s / (v.length - 1));
    }

    /** The finite values of v, in order (seeds whose run lacks the number drop out). */
    public static double[] finite(double[] v) {
        return Arrays.stream(v).filter(Double::isFinite).toArray();
    }

    // ---- the 95% interval of a mean (Student t) --------------------------------------------------

    /** A two-sided interval [lo, hi]; resolved when it excludes 0. */
    public record Interval(double lo, double hi) {
        public boolean excludesZero() { return lo > 0 || hi < 0; }
    }

    /** t_{0.975, df} for df = 1..30, from the standard table (three decimals). */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179,
            2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};

    /**
     * The 0.975 quantile of Student's t with df degrees of freedom: the table up to 30, beyond it
     * the Cornish-Fisher expansion around z = 1.96 (two terms; 2.0423 at df 30, the table's 2.042).
     */
    public static double t975(int df) {
        if (df < 1) throw new IllegalArgumentException("t quantile: df = " + df + ", need at least 1");
        if (df <= T975.length) return T975[df - 1];
        double z = 1.959964, z3 = z * z * z, z5 = z3 * z * z;
        return z + (z3 + z) / (4.0 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96.0 * df * df);
    }

    /** The 95% interval of the mean of v: mean ± t_{0.975, n-1} std / sqrt(n); null for fewer than 2 values. */
    public static Interval ci95(double[] v) {
        if (v.length < 2) return null;
        double half = t975(v.length - 1) * std(v) / Math.sqrt(v.length);
        return new Interval(mean(v) - half, mean(v) + half);
    }

    // ---- printed forms ---------------------------------------------------------------------------

    /** "57.57" for one seed, "57.57 ± 1.10" for several, "—" for none. */
    public static String pm(double[] v, int decimals) {
        if (v.length == 0) return MISSING;
        String f = "%." + decimals + "f";
        String m = String.format(Locale.ROOT, f, mean(v));
        return v.length == 1 ? m : m + " ± " + String.format(Locale.ROOT, f, std(v));
    }

    /** "+0.8", "−0.6" (a minus sign, as in the sentences), "+0.0" for zero. */
    public static String signed(double x, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(x));
        return (x < 0 && !s.matches("[0.]+") ? "−" : "+") + s;
    }
}
