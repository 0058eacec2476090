package facet.train.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Whether an ordering the paper reports holds on our data, and by how much: per-seed accuracies
 * of two methods are paired by seed (seed i of each), and the difference is reported as mean ±
 * std over seeds with the number of seeds in which it holds. A chain (Table V's progressive >
 * parallel > cyclic > single > none) gives one line per neighbouring pair, every pair, whether it
 * holds or not, and a closing count.
 *
 * <pre>{@code
 * Ordering.compare("progressive", avgProgressive, "parallel", avgParallel).sentence();
 * // "progressive > parallel: +0.8 ± 1.1 points, holds in 2 of 3 seeds"
 * String md = Ordering.markdown(Ordering.chain(List.of("progressive", "parallel", "cyclic", "single", "none"), averages));
 * }</pre>
 */
public final class Ordering {
    private Ordering() {}

    /** better > worse, expected; diff[i] = better[i] - worse[i] in points for seed i. */
    public record Comparison(String better, String worse, double[] diff) {
        public double mean() { return Stats.mean(diff); }

        public int holdsIn() {
            int k = 0;
            for (double d : diff) if (d > 0) k++;
            return k;
        }

        /** Holds on average over seeds (mean difference above zero). */
        public boolean holds() { return mean() > 0; }

        public boolean holdsInEverySeed() { return holdsIn() == diff.length; }

        /** "progressive > parallel: +0.8 ± 1.1 points, holds in 2 of 3 seeds". */
        public String sentence() {
            String seeds = diff.length == 1 ? (holds() ? "holds (1 seed)" : "does not hold (1 seed)")
                    : "holds in " + holdsIn() + " of " + diff.length + " seeds";
            return better + " > " + worse + ": " + Stats.signedPm(diff, 1) + " points, " + seeds;
        }
    }

    public static Comparison compare(String better, double[] betterPerSeed, String worse, double[] worsePerSeed) {
        if (betterPerSeed.length != worsePerSeed.length || betterPerSeed.length == 0) {
            throw new IllegalArgumentException("ordering " + better + " > " + worse + ": " + betterPerSeed.length + " and "
                    + worsePerSeed.length + " seeds; need the same seeds for both, at least one");
        }
        double[] d = new double[betterPerSeed.length];
        for (int i = 0; i < d.length; i++) d[i] = betterPerSeed[i] - worsePerSeed[i];
        return new Comparison(better, worse, d);
    }

    /** order: best first, as the paper ranks them; perSeed: method -> accuracy per seed. */
    public static List<Comparison> chain(List<String> order, Map<String, double[]> perSeed) {
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i + 1 < order.size(); i++) {
            String a = order.get(i), b = order.get(i + 1);
            out.add(compare(a, require(perSeed, a), b, require(perSeed, b)));
        }
        return out;
    }

    private static double[] require(Map<String, double[]> perSeed, String method) {
        double[] v = perSeed.get(method);
        if (v == null) throw new IllegalArgumentException("ordering: no results for '" + method + "' (have " + perSeed.keySet() + ")");
        return v;
    }

    /**
     * One bullet per comparison, marked ✓ (holds on average) or ✗, then a closing line counting
     * how many hold on average and in every seed.
     */
    public static String markdown(List<Comparison> cs) {
        StringBuilder sb = new StringBuilder();
        int avg = 0, every = 0;
        for (Comparison c : cs) {
            sb.append("- ").append(c.holds() ? "✓ " : "✗ ").append(c.sentence()).append('\n');
            if (c.holds()) avg++;
            if (c.holdsInEverySeed()) every++;
        }
        sb.append(String.format(Locale.ROOT, "%nThe paper's ordering holds on average for %d of %d pairs, and in every seed for %d of %d.%n",
                avg, cs.size(), every, cs.size()));
        return sb.toString();
    }
}
