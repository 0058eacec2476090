package facet.train.report;

import facet.nn.io.AtomicFiles;
import facet.train.data.Expression;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A confusion matrix per target: a heat map (rows the true class, top to bottom in the canonical
 * {@link Expression} order; columns the predicted class) with the count in every cell, and the
 * same matrix as CSV with row totals and per-class recall (the total row's last cell is the accuracy).
 *
 * <pre>{@code
 * int[][] m = ConfusionFigure.counts(labels, predictions);           // 7 x 7, Expression order
 * ConfusionFigure.write(run.resolve("confusion-sfew.png"), run.resolve("confusion-sfew.csv"),
 *     "sfew (target), accuracy 41.3%", m);
 * }</pre>
 */
public final class ConfusionFigure {
    private ConfusionFigure() {}

    /** The class names in canonical order ("Surprise", ..., "Neutral"). */
    public static List<String> expressionNames() {
        List<String> names = new ArrayList<>();
        for (Expression e : Expression.values()) names.add(e.title);
        return names;
    }

    /** counts[t][p]: how many examples of true class t were predicted p; labels outside 0..k-1 are refused. */
    public static int[][] counts(int[] truth, int[] predicted) {
        if (truth.length != predicted.length) {
            throw new IllegalArgumentException("confusion: " + truth.length + " labels but " + predicted.length + " predictions");
        }
        int k = Expression.COUNT;
        int[][] m = new int[k][k];
        for (int i = 0; i < truth.length; i++) {
            if (truth[i] < 0 || truth[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
                throw new IllegalArgumentException("confusion: example " + i + " has label " + truth[i] + ", prediction " + predicted[i] + "; both must be in 0.." + (k - 1));
            }
            m[truth[i]][predicted[i]]++;
        }
        return m;
    }

    /** The heat map (PNG) and the CSV, with the expression classes' names. */
    public static void write(Path png, Path csv, String title, int[][] counts) throws IOException {
        write(png, csv, title, counts, expressionNames());
    }

    public static void write(Path png, Path csv, String title, int[][] counts, List<String> names) throws IOException {
        int k = names.size();
        int max = 1;
        for (int[] row : counts) {
            if (row.length != k) throw new IllegalArgumentException("confusion '" + title + "': a row has " + row.length + " counts for " + k + " classes");
            for (int v : row) max = Math.max(max, v);
        }
        if (counts.length != k) throw new IllegalArgumentException("confusion '" + title + "': " + counts.length + " rows for " + k + " classes");
        Charts.write(png, chart(title, counts, names, max));
        AtomicFiles.writeString(csv, csv(counts, names));
    }

    private static HeatMapChart chart(String title, int[][] m, List<String> names, int max) {
        Png.init();
        int k = names.size();
        HeatMapChart c = new HeatMapChart(170 + 92 * k, 150 + 80 * k, Styler.ChartTheme.XChart); // the bare constructor leaves the theme unset
        c.setTitle(title);
        c.setXAxisTitle("predicted class");
        c.setYAxisTitle("true class");
        List<String> rowsBottomUp = new ArrayList<>(names.reversed()); // XChart draws the first y at the bottom
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < k; t++) for (int p = 0; p < k; p++) cells.add(new Number[] {p, k - 1 - t, m[t][p]});
        c.addSeries("count", names, rowsBottomUp, cells);
        HeatMapStyler s = c.getStyler();
        Charts.style(s);
        // Viridis from its middle up: black counts stay readable on every cell (L* from ~50 to ~90)
        s.setRangeColors(Viridis.ramp(9, 0.42, 1.0));
        s.setMin(0);
        s.setMax(max);
        s.setShowValue(true);
        s.setValueFont(new Font(Png.FONT, Font.BOLD, 15));
        s.setValueFontColor(Color.BLACK);
        s.setHeatMapValueDecimalPattern("#");
        s.setDecimalPattern("#");                                     // the colour legend's ends: counts, no ".0"
        s.setAxisTickPadding(10);
        s.setDrawBorder(true);
        s.setPlotGridLinesVisible(false);
        s.setXAxisLabelRotation(30);
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setGradientColorColumnHeight(40 * k);
        return c;
    }

    static String csv(int[][] m, List<String> names) {
        int k = names.size();
        StringBuilder sb = new StringBuilder("true\\predicted");
        for (String n : names) sb.append(',').append(n);
        sb.append(",total,recall\n");
        int[] colTotal = new int[k];
        int diag = 0, all = 0;
        for (int t = 0; t < k; t++) {
            int total = 0;
            sb.append(names.get(t));
            for (int p = 0; p < k; p++) { sb.append(',').append(m[t][p]); total += m[t][p]; colTotal[p] += m[t][p]; }
            diag += m[t][t];
            all += total;
            sb.append(',').append(total).append(',').append(total == 0 ? "" : String.format(Locale.ROOT, "%.4f", (double) m[t][t] / total)).append('\n');
        }
        sb.append("total");
        for (int v : colTotal) sb.append(',').append(v);
        sb.append(',').append(all).append(',').append(all == 0 ? "" : String.format(Locale.ROOT, "%.4f", (double) diag / all)).append('\n');
        return sb.toString();
    }
}
