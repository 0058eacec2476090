package facet.train.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether an ordering the paper reports holds on our data, and whether the seeds resolve it: the
 * per-seed accuracies of two methods are paired by seed (seed i of each), and the difference is
 * reported as its mean with a 95% interval (Student t, n - 1 degrees of freedom). The pair is
 * resolved when the interval excludes 0; one seed gives no interval and never resolves. A pair in
 * which either row did not learn ({@link Health}) in any seed is no finding, whatever its numbers,
 * and the closing count leaves it out. A chain (Table V's progressive > parallel > cyclic > single
 * > none) gives one line per neighbouring pair, every pair, and a closing count.
 *
 * <pre>{@code
 * Ordering.compare("progressive", avgProgressive, "parallel", avgParallel).sentence();
 * // "progressive > parallel: +0.8 points, 95% CI [−0.6, +2.2] over 5 seeds, not resolved (holds in 3 of 5 seeds)"
 * String md = Ordering.markdown(Ordering.chain(List.of("progressive", "parallel", "cyclic", "single", "none"), table));
 * }</pre>
 */
public final class Ordering {
    private Ordering() {}

    /**
     * better > worse, expected; diff[i] = better[i] - worse[i] in points for seed i. notLearned:
     * why the pair is no finding ("'ESGM only' did not learn (raf within 5 points of the majority
     * class)"), or "" when both rows learned in every seed.
     */
    public record Comparison(String better, String worse, double[] diff, String notLearned) {
        public double mean() { return Stats.mean(diff); }

        /** The 95% interval of the mean difference; null for one seed. */
        public Stats.Interval interval() { return Stats.ci95(diff); }

        public int holdsIn() {
            int k = 0;
            for (double d : diff) if (d > 0) k++;
            return k;
        }

        /** Both rows learned in every seed: only then does the pair say anything about the methods. */
        public boolean finding() { return notLearned.isEmpty(); }

        /** A finding whose mean difference is above zero. */
        public boolean holds() { return finding() && mean() > 0; }

        /** A finding whose 95% interval excludes 0 (either way); never with one seed. */
        public boolean resolved() { return finding() && interval() != null && interval().excludesZero(); }

        /**
         * "progressive > parallel: +0.8 points, 95% CI [−0.6, +2.2] over 5 seeds, not resolved (holds in 3 of 5 seeds)";
         * one seed: "a > b: −1.0 points, 1 seed: no interval, not resolved (holds in 0 of 1 seed)";
         * a row that did not learn: "ESGM + PDED > ESGM only: not a finding, 'ESGM only' did not learn (raf within 5 points of the majority class)".
         */
        public String sentence() {
            String pair = better + " > " + worse + ": ";
            if (!finding()) return pair + "not a finding, " + notLearned;
            Stats.Interval ci = interval();
            String spread = ci == null ? "1 seed: no interval"
                    : "95% CI [" + Stats.signed(ci.lo(), 1) + ", " + Stats.signed(ci.hi(), 1) + "] over " + diff.length + " seeds";
            String verdict = !resolved() ? "not resolved" : mean() > 0 ? "resolved" : "resolved the other way";
            return pair + Stats.signed(mean(), 1) + " points, " + spread + ", " + verdict
                    + " (holds in " + holdsIn() + " of " + diff.length + (diff.length == 1 ? " seed)" : " seeds)");
        }

        /** ✓ resolved as the paper ranks them, ✗ resolved the other way or no finding, ? not resolved. */
        String mark() {
            if (!finding()) return "✗";
            return !resolved() ? "?" : mean() > 0 ? "✓" : "✗";
        }
    }

    /** better > worse from bare per-seed accuracies (both rows taken to have learned). */
    public static Comparison compare(String better, double[] betterPerSeed, String worse, double[] worsePerSeed) {
        return new Comparison(better, worse, difference(better, betterPerSeed, worse, worsePerSeed), "");
    }

    /** better > worse from two table rows: their averages over the targets, and their health. */
    public static Comparison compare(ResultTable.Row better, ResultTable.Row worse) {
        double[] d = difference(better.method(), better.averagePerSeed(), worse.method(), worse.averagePerSeed());
        List<String> failed = new ArrayList<>();
        String rule = "";
        for (ResultTable.Row r : List.of(better, worse)) {
            int k = r.didNotLearnIn(), n = r.health().size();
            if (k == 0) continue;
            failed.add("'" + r.method() + "' did not learn" + (n == 1 ? "" : " in " + k + " of " + n + " seeds"));
            rule = r.health().getFirst().rule();
        }
        return new Comparison(better.method(), worse.method(), d, failed.isEmpty() ? "" : String.join(" and ", failed) + " (" + rule + ")");
    }

    private static double[] difference(String better, double[] betterPerSeed, String worse, double[] worsePerSeed) {
        if (betterPerSeed.length != worsePerSeed.length || betterPerSeed.length == 0) {
            throw new IllegalArgumentException("ordering " + better + " > " + worse + ": " + betterPerSeed.length + " and "
                    + worsePerSeed.length + " seeds; need the same seeds for both, at least one");
        }
        double[] d = new double[betterPerSeed.length];
        for (int i = 0; i < d.length; i++) d[i] = betterPerSeed[i] - worsePerSeed[i];
        return d;
    }

    /** order: best first, as the paper ranks them; each neighbouring pair of t's rows. */
    public static List<Comparison> chain(List<String> order, ResultTable t) {
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i + 1 < order.size(); i++) out.add(compare(t.row(order.get(i)), t.row(order.get(i + 1))));
        return out;
    }

    /**
     * One bullet per comparison, marked ✓ (resolved as the paper ranks them), ? (not resolved) or
     * ✗ (resolved the other way, or no finding), then a closing line that counts only the pairs
     * whose rows both learned.
     */
    public static String markdown(List<Comparison> cs) {
        StringBuilder sb = new StringBuilder();
        int findings = 0, holds = 0, resolvedFor = 0, resolvedAgainst = 0;
        for (Comparison c : cs) {
            sb.append("- ").append(c.mark()).append(' ').append(c.sentence()).append('\n');
            if (!c.finding()) continue;
            findings++;
            if (c.holds()) holds++;
            if (c.resolved() && c.mean() > 0) resolvedFor++;
            if (c.resolved() && c.mean() <= 0) resolvedAgainst++;
        }
        int none = cs.size() - findings;
        if (findings == 0) {
            sb.append(String.format(Locale.ROOT, "%nNo finding: in each of the %d pair%s a row did not learn.%n", cs.size(), cs.size() == 1 ? "" : "s"));
            return sb.toString();
        }
        sb.append(String.format(Locale.ROOT, "%nOf %d pair%s, %d compare%s rows that learned: the paper's ordering holds on average in %d of them, "
                + "resolved (95%% CI above 0) in %d, resolved the other way in %d.", cs.size(), cs.size() == 1 ? "" : "s", findings,
                findings == 1 ? "s" : "", holds, resolvedFor, resolvedAgainst));
        if (none > 0) sb.append(String.format(Locale.ROOT, " %d pair%s no finding: a row did not learn.", none, none == 1 ? " is" : "s are"));
        return sb.append('\n').toString();
    }
}
