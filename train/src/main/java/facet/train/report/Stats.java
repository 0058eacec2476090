package facet.train.report;

import java.util.Locale;

/** Mean and spread over seeds, and their one printed form ("57.57 ± 1.10"). */
public final class Stats {
    private Stats() {}

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

    /** "57.57" for one seed, "57.57 ± 1.10" for several, "–" for none. */
    public static String pm(double[] v, int decimals) {
        if (v.length == 0) return "–";
        String f = "%." + decimals + "f";
        String m = String.format(Locale.ROOT, f, mean(v));
        return v.length == 1 ? m : m + " ± " + String.format(Locale.ROOT, f, std(v));
    }

    /** Like {@link #pm} with an explicit sign on the mean ("+0.8 ± 1.1"), for differences. */
    public static String signedPm(double[] v, int decimals) {
        String s = pm(v, decimals);
        return mean(v) >= 0 ? "+" + s : s.replaceFirst("^-", "−");
    }
}
