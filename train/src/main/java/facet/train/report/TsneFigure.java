package facet.train.report;

import facet.tensor.Tensor;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fig. 6: the per-stage domain features F_d of two (or more) domains in t-SNE, one scatter panel
 * per stage in a row. Each panel's title gives the share of points whose nearest neighbour in
 * the embedding comes from the same domain: about 0.5 for two mixed, balanced domains and near 1
 * when they separate, the paper's claim in one number per stage.
 *
 * <pre>{@code
 * // features.get(s): (N, C_s) domain features of stage s + 1; domain[i]: 0 = raf, 1 = sfew
 * TsneFigure.fig6(run.resolve("fig6-tsne.png"), features, domain, List.of("raf", "sfew"), seed, "");
 * }</pre>
 */
public final class TsneFigure {
    private TsneFigure() {}

    /** Domain colours: green and vermillion as in the paper's green / brown, then the palette. */
    private static final Color[] DOMAIN = {new Color(0x009E73), new Color(0xD55E00), new Color(0x0072B2), new Color(0xCC79A7)};

    /** One panel: its title and a 2-D embedding (N, 2) row-major. */
    public record Panel(String title, float[] embedding) {}

    /** Runs t-SNE on each stage's features (seeded alike) and draws the panels "stage 1".."stage S"; note ends the title ("" for none). */
    public static void fig6(Path png, List<Tensor> stageFeatures, int[] domain, List<String> domainNames, long seed, String note) throws IOException {
        List<Panel> panels = new ArrayList<>();
        for (int s = 0; s < stageFeatures.size(); s++) {
            Tsne.Result r = Tsne.fit(stageFeatures.get(s), Tsne.Options.defaults(seed));
            panels.add(new Panel("stage " + (s + 1), r.embedding()));
        }
        write(png, "Domain features per stage, t-SNE (Fig. 6)" + note, panels, domain, domainNames);
    }

    public static void write(Path png, String title, List<Panel> panels, int[] domain, List<String> domainNames) throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        for (Panel p : panels) images.add(Charts.image(scatter(p, domain, domainNames)));
        Png.write(png, Png.titled(title, Png.tile(images, 4)));
    }

    private static XYChart scatter(Panel p, int[] domain, List<String> names) {
        int n = domain.length;
        if (p.embedding().length != 2 * n) throw new IllegalArgumentException("t-SNE panel '" + p.title() + "': " + p.embedding().length / 2 + " points for " + n + " domain labels");
        String title = String.format(Locale.ROOT, "%s: same-domain 1-NN %.0f%%", p.title(), 100 * neighbourAgreement(p.embedding(), domain));
        XYChart c = Charts.xy(title, "t-SNE 1", "t-SNE 2", 440, 470);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        c.getStyler().setChartTitleFont(c.getStyler().getChartTitleFont().deriveFont(16f));
        c.getStyler().setAxisTicksVisible(false);
        c.getStyler().setMarkerSize(6);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        for (int d = 0; d < names.size(); d++) {
            List<Double> xs = new ArrayList<>(), ys = new ArrayList<>();
            for (int i = 0; i < n; i++) if (domain[i] == d) { xs.add((double) p.embedding()[2 * i]); ys.add((double) p.embedding()[2 * i + 1]); }
            if (xs.isEmpty()) continue;
            XYSeries s = c.addSeries(names.get(d), xs, ys);
            Color col = DOMAIN[d % DOMAIN.length];
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(col.getRed(), col.getGreen(), col.getBlue(), 170)); // overlaps stay visible
        }
        return c;
    }

    /** Share of points whose nearest other point in the 2-D embedding (N, 2) has the same label. */
    public static double neighbourAgreement(float[] embedding, int[] label) {
        int n = label.length, agree = 0;
        for (int i = 0; i < n; i++) {
            int best = -1;
            double bd = Double.POSITIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                if (j == i) continue;
                double dx = embedding[2 * i] - embedding[2 * j], dy = embedding[2 * i + 1] - embedding[2 * j + 1];
                double d = dx * dx + dy * dy;
                if (d < bd) { bd = d; best = j; }
            }
            if (best >= 0 && label[best] == label[i]) agree++;
        }
        return n == 0 ? Double.NaN : agree / (double) n;
    }
}
