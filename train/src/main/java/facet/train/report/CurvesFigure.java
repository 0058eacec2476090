package facet.train.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training curves: the losses in one panel and the accuracies (in percent) in a second one beside
 * it, every series against the step. {@link #write} takes accuracies in percent; a metrics CSV
 * holds them as fractions (what the tasks log), and {@link #fromCsv} scales them. The loss panel switches to a log axis when the positive
 * losses span more than a factor of 30, so a loss that falls by decades stays readable.
 *
 * <pre>{@code
 * CurvesFigure.write(run.resolve("curves.png"), "ESGM pre-training",
 *     List.of(new Series("L_rec", steps, rec), new Series("L_mask", steps, mask)),
 *     List.of(new Series("val accuracy", evalSteps, acc)));
 * // or straight from a metrics CSV: columns named *loss* or L_* left, *acc* right
 * CurvesFigure.fromCsv(run.resolve("metrics.csv"), "step", run.resolve("curves.png"), "Fine-tuning");
 * }</pre>
 */
public final class CurvesFigure {
    private CurvesFigure() {}

    public static void write(Path png, String title, List<Series> losses, List<Series> accuracies) throws IOException {
        List<BufferedImage> panels = new ArrayList<>();
        if (!losses.isEmpty()) panels.add(Charts.image(panel("Losses", "loss", losses, true)));
        if (!accuracies.isEmpty()) panels.add(Charts.image(panel("Accuracy", "accuracy (%)", accuracies, false)));
        if (panels.isEmpty()) throw new IllegalArgumentException("curves '" + title + "': no series to draw");
        Png.write(png, Png.titled(title, Png.tile(panels, 2)));
    }

    private static XYChart panel(String title, String yTitle, List<Series> series, boolean lossAxis) {
        XYChart c = Charts.xy(title, "step", yTitle, 760, 500);
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (Series s : series) {
            Series f = s.finite();
            if (f.x().length == 0) continue;
            Charts.lines(c.addSeries(s.name(), f.x(), f.y()));
            for (double v : f.y()) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        }
        if (lossAxis && lo > 0 && hi / lo > 30) c.getStyler().setYAxisLogarithmic(true);
        if (!lossAxis) c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE); // accuracy rises to the top right
        return c;
    }

    /**
     * Reads a metrics CSV (a header row, then one row per logged step; empty cells where a value
     * was not logged) and draws every numeric column against xColumn: names containing "loss" or
     * starting with "L_" or "l_" (l_exp, l_dom, l_rec) go to the loss panel, names containing "acc" (fractions) to the accuracy
     * panel, in percent.
     */
    public static void fromCsv(Path csv, String xColumn, Path png, String title) throws IOException {
        Panels p = panels(readColumns(csv, xColumn));
        write(png, title, p.losses(), p.accuracies());
    }

    /** The series of each panel; accuracies in percent. */
    record Panels(List<Series> losses, List<Series> accuracies) {}

    /** Sorts a CSV's columns into the panels, accuracy fractions scaled to percent. */
    static Panels panels(Map<String, Series> cols) {
        List<Series> losses = new ArrayList<>(), accs = new ArrayList<>();
        for (Series s : cols.values()) {
            String n = s.name().toLowerCase();
            if (n.contains("loss") || n.startsWith("l_")) losses.add(s);
            else if (n.contains("acc")) accs.add(new Series(s.name(), s.x(), Arrays.stream(s.y()).map(v -> 100 * v).toArray()));
        }
        return new Panels(losses, accs);
    }

    /** Every column other than xColumn as a series against it; non-numeric cells read as NaN. */
    static Map<String, Series> readColumns(Path csv, String xColumn) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        if (lines.isEmpty()) throw new IOException(csv + ": empty, expected a header row");
        String[] head = lines.getFirst().split(",", -1);
        int xi = List.of(head).indexOf(xColumn);
        if (xi < 0) throw new IOException(csv + ": no column '" + xColumn + "' in the header " + lines.getFirst());
        int n = lines.size() - 1;
        double[][] v = new double[head.length][n];
        for (int r = 0; r < n; r++) {
            String[] cells = lines.get(r + 1).split(",", -1);
            for (int c = 0; c < head.length; c++) v[c][r] = c < cells.length ? number(cells[c]) : Double.NaN;
        }
        Map<String, Series> out = new LinkedHashMap<>();
        for (int c = 0; c < head.length; c++) if (c != xi) out.put(head[c], new Series(head[c].strip(), v[xi], v[c]));
        return out;
    }

    private static double number(String cell) {
        try {
            return cell.isBlank() ? Double.NaN : Double.parseDouble(cell.strip());
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
