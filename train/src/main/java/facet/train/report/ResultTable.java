package facet.train.report;

import facet.nn.io.AtomicFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * A paper-style results table (Tables I, III, IV, V): a row per method, a column per target
 * dataset, their average, and the source test accuracy; accuracies in percent, one value per
 * seed, shown as mean ± std when there are several. The average is taken per seed first (mean of
 * the targets in seed i), so its ± is the spread of the average, not a mix of the targets'. The
 * best mean of each column is bold in Markdown. Rows given their {@link Health} (one per seed) add
 * its columns: train accuracy, the encoder's linear probe, and "did not learn" in words.
 *
 * <pre>{@code
 * ResultTable t = new ResultTable("Table V: decoupling variants, source raf", List.of("sfew", "fer2013", "expw", "affectnet", "jaffe"));
 * t.add("progressive", new double[][] {sfewPerSeed, ferPerSeed, expwPerSeed, affPerSeed, jaffePerSeed}, sourcePerSeed, healthPerSeed);
 * t.write(run.resolve("table5.md"), run.resolve("table5.csv"));
 * Ordering.chain(List.of("progressive", "parallel"), t);
 * }</pre>
 */
public final class ResultTable {
    /** targets[t][seed]; source[seed] (may be empty when there is no source test split); health[seed], or empty when unknown. */
    public record Row(String method, double[][] targets, double[] source, List<Health> health) {
        /** Mean over the targets, per seed. */
        public double[] averagePerSeed() {
            int seeds = targets.length == 0 ? 0 : targets[0].length;
            double[] avg = new double[seeds];
            for (double[] t : targets) for (int s = 0; s < seeds; s++) avg[s] += t[s] / targets.length;
            return avg;
        }

        /** The seeds in which this row did not learn ({@link Health#learned}). */
        public int didNotLearnIn() { return (int) health.stream().filter(h -> !h.learned()).count(); }

        /** "did not learn", "did not learn in 2 of 5 seeds", "learned"; "" when the health is unknown. */
        public String healthWords() {
            if (health.isEmpty()) return "";
            int k = didNotLearnIn();
            if (k == 0) return "learned";
            return health.size() == 1 ? "did not learn" : "did not learn in " + k + " of " + health.size() + " seeds";
        }

        private double[] percent(ToDoubleFunction<Health> f) {
            return Stats.finite(health.stream().mapToDouble(h -> 100 * f.applyAsDouble(h)).toArray());
        }

        double[] trainAccuracy() { return percent(Health::train); }

        double[] probe() { return percent(Health::probe); }
    }

    private final String title;
    private final List<String> targets;
    private final List<Row> rows = new ArrayList<>();

    public ResultTable(String title, List<String> targets) {
        this.title = title;
        this.targets = List.copyOf(targets);
    }

    public ResultTable add(String method, double[][] perTargetPerSeed, double[] sourcePerSeed) {
        return add(method, perTargetPerSeed, sourcePerSeed, List.of());
    }

    /** healthPerSeed: one per seed, or empty when unknown. */
    public ResultTable add(String method, double[][] perTargetPerSeed, double[] sourcePerSeed, List<Health> healthPerSeed) {
        if (perTargetPerSeed.length != targets.size()) {
            throw new IllegalArgumentException("table '" + title + "', row '" + method + "': " + perTargetPerSeed.length
                    + " target columns for " + targets.size() + " targets " + targets);
        }
        for (int t = 0; t < perTargetPerSeed.length; t++) {
            if (perTargetPerSeed[t].length != perTargetPerSeed[0].length) {
                throw new IllegalArgumentException("table '" + title + "', row '" + method + "': target " + targets.get(t) + " has "
                        + perTargetPerSeed[t].length + " seeds, " + targets.getFirst() + " has " + perTargetPerSeed[0].length);
            }
        }
        int seeds = perTargetPerSeed.length == 0 ? sourcePerSeed.length : perTargetPerSeed[0].length;
        if (!healthPerSeed.isEmpty() && healthPerSeed.size() != seeds) {
            throw new IllegalArgumentException("table '" + title + "', row '" + method + "': health for " + healthPerSeed.size() + " seeds, accuracies for " + seeds);
        }
        rows.add(new Row(method, perTargetPerSeed, sourcePerSeed, List.copyOf(healthPerSeed)));
        return this;
    }

    public List<Row> rows() { return List.copyOf(rows); }

    /** The row labelled method. */
    public Row row(String method) {
        for (Row r : rows) if (r.method().equals(method)) return r;
        throw new IllegalArgumentException("table '" + title + "': no row '" + method + "' (have "
                + rows.stream().map(Row::method).toList() + ")");
    }

    private boolean hasHealth() { return rows.stream().anyMatch(r -> !r.health().isEmpty()); }

    /** Method -> average over targets per seed, for {@link Ordering}. */
    public Map<String, double[]> averages() {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (Row r : rows) m.put(r.method(), r.averagePerSeed());
        return m;
    }

    /** The cells of a row, per column: targets..., average, source. */
    private List<double[]> columns(Row r) {
        List<double[]> c = new ArrayList<>(List.of(r.targets()));
        c.add(r.averagePerSeed());
        c.add(r.source());
        return c;
    }

    public String markdown() {
        int seeds = rows.stream().mapToInt(r -> r.averagePerSeed().length).max().orElse(0);
        boolean health = hasHealth();
        StringBuilder sb = new StringBuilder("**").append(title).append("**");
        if (seeds > 1) sb.append(" (accuracy %, mean ± std over ").append(seeds).append(" seeds)");
        else sb.append(" (accuracy %)");
        if (health) sb.append("\n\n").append(healthNote());
        sb.append("\n\n| Method |");
        for (String t : targets) sb.append(' ').append(t).append(" |");
        sb.append(" Avg | Source test |");
        if (health) sb.append(" Train acc | Linear probe | Health |");
        sb.append("\n|---|").append("---:|".repeat(targets.size() + 2));
        if (health) sb.append("---:|---:|---|");
        sb.append('\n');
        int cols = targets.size() + 2;
        double[] best = new double[cols];
        Arrays.fill(best, Double.NEGATIVE_INFINITY);
        for (Row r : rows) for (int c = 0; c < cols; c++) if (columns(r).get(c).length > 0) best[c] = Math.max(best[c], Stats.mean(columns(r).get(c)));
        for (Row r : rows) {
            sb.append("| ").append(r.method()).append(" |");
            List<double[]> cells = columns(r);
            for (int c = 0; c < cols; c++) {
                double[] v = cells.get(c);
                String s = Stats.pm(v, 2);
                boolean bold = v.length > 0 && rows.size() > 1 && Stats.mean(v) == best[c];
                sb.append(' ').append(bold ? "**" + s + "**" : s).append(" |");
            }
            if (health) {
                String words = r.healthWords();
                sb.append(' ').append(Stats.pm(r.trainAccuracy(), 1)).append(" | ").append(Stats.pm(r.probe(), 1)).append(" | ")
                        .append(words.isEmpty() ? Stats.MISSING : r.didNotLearnIn() > 0 ? "**" + words + "**" : words).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** What the health columns mean, with the source's majority class given once (a range if seeds differ). */
    private String healthNote() {
        List<Health> all = rows.stream().flatMap(r -> r.health().stream()).toList();
        double lo = all.stream().mapToDouble(Health::majority).min().orElseThrow(), hi = all.stream().mapToDouble(Health::majority).max().orElseThrow();
        String a = String.format(Locale.ROOT, "%.1f", 100 * lo), b = String.format(Locale.ROOT, "%.1f", 100 * hi);
        String majority = (a.equals(b) ? a : a + "–" + b) + "%";
        return "Train acc: the last epoch's mean training accuracy. Linear probe: the frozen pre-trained encoder's, before fine-tuning ("
                + Stats.MISSING + " for pixel input). A row did not learn when its accuracy on " + all.getFirst().source()
                + "'s test split is within " + Health.marginPoints() + " points of the majority class (" + majority + ").";
    }

    /** One line per method: mean and std of each column, then the number of seeds; with health, its columns after. */
    public String csv() {
        boolean health = hasHealth();
        StringBuilder sb = new StringBuilder("method");
        List<String> names = new ArrayList<>(targets);
        names.add("avg");
        names.add("source");
        if (health) names.addAll(List.of("train_acc", "linear_probe"));
        for (String n : names) sb.append(',').append(n).append("_mean,").append(n).append("_std");
        sb.append(",seeds").append(health ? ",did_not_learn_seeds\n" : "\n");
        for (Row r : rows) {
            sb.append(csvCell(r.method()));
            List<double[]> cells = columns(r);
            if (health) cells.addAll(List.of(r.trainAccuracy(), r.probe()));
            for (double[] v : cells) {
                sb.append(',').append(v.length == 0 ? "" : num(Stats.mean(v))).append(',').append(v.length == 0 ? "" : num(Stats.std(v)));
            }
            sb.append(',').append(r.averagePerSeed().length);
            if (health) sb.append(',').append(r.health().isEmpty() ? "" : Integer.toString(r.didNotLearnIn()));
            sb.append('\n');
        }
        return sb.toString();
    }

    public void write(Path markdown, Path csv) throws IOException {
        AtomicFiles.writeString(markdown, markdown());
        AtomicFiles.writeString(csv, csv());
    }

    private static String num(double v) { return String.format(Locale.ROOT, "%.4f", v); }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
