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

/**
 * A paper-style results table (Tables I, III, IV, V): a row per method, a column per target
 * dataset, their average, and the source test accuracy; accuracies in percent, one value per
 * seed, shown as mean ± std when there are several. The average is taken per seed first (mean of
 * the targets in seed i), so its ± is the spread of the average, not a mix of the targets'. The
 * best mean of each column is bold in Markdown.
 *
 * <pre>{@code
 * ResultTable t = new ResultTable("Table V: decoupling variants, source raf", List.of("sfew", "fer2013", "expw", "affectnet", "jaffe"));
 * t.add("progressive", new double[][] {sfewPerSeed, ferPerSeed, expwPerSeed, affPerSeed, jaffePerSeed}, sourcePerSeed);
 * t.write(run.resolve("table5.md"), run.resolve("table5.csv"));
 * Ordering.chain(List.of("progressive", "parallel"), t.averages());
 * }</pre>
 */
public final class ResultTable {
    /** targets[t][seed]; source[seed] (may be empty when there is no source test split). */
    public record Row(String method, double[][] targets, double[] source) {
        /** Mean over the targets, per seed. */
        public double[] averagePerSeed() {
            int seeds = targets.length == 0 ? 0 : targets[0].length;
            double[] avg = new double[seeds];
            for (double[] t : targets) for (int s = 0; s < seeds; s++) avg[s] += t[s] / targets.length;
            return avg;
        }
    }

    private final String title;
    private final List<String> targets;
    private final List<Row> rows = new ArrayList<>();

    public ResultTable(String title, List<String> targets) {
        this.title = title;
        this.targets = List.copyOf(targets);
    }

    public ResultTable add(String method, double[][] perTargetPerSeed, double[] sourcePerSeed) {
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
        rows.add(new Row(method, perTargetPerSeed, sourcePerSeed));
        return this;
    }

    public List<Row> rows() { return List.copyOf(rows); }

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
        StringBuilder sb = new StringBuilder("**").append(title).append("**");
        if (seeds > 1) sb.append(" (accuracy %, mean ± std over ").append(seeds).append(" seeds)");
        else sb.append(" (accuracy %)");
        sb.append("\n\n| Method |");
        for (String t : targets) sb.append(' ').append(t).append(" |");
        sb.append(" Avg | Source test |\n|---|");
        sb.append("---:|".repeat(targets.size() + 2)).append('\n');
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
            sb.append('\n');
        }
        return sb.toString();
    }

    /** One line per method: mean and std of each column, then the number of seeds. */
    public String csv() {
        StringBuilder sb = new StringBuilder("method");
        List<String> names = new ArrayList<>(targets);
        names.add("avg");
        names.add("source");
        for (String n : names) sb.append(',').append(n).append("_mean,").append(n).append("_std");
        sb.append(",seeds\n");
        for (Row r : rows) {
            sb.append(csvCell(r.method()));
            for (double[] v : columns(r)) {
                sb.append(',').append(v.length == 0 ? "" : num(Stats.mean(v))).append(',').append(v.length == 0 ? "" : num(Stats.std(v)));
            }
            sb.append(',').append(r.averagePerSeed().length).append('\n');
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
