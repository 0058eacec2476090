package facet.train.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Fig. 8: average target accuracy against the mask ratio, one line per series (e.g. ESGM and
 * random masking), each point the mean over seeds with a ± std error bar.
 *
 * <pre>{@code
 * // acc[r][s]: average target accuracy (%) at ratios[r] for seed s
 * MaskRatioFigure.write(run.resolve("fig8-mask-ratio.png"), "Accuracy vs mask ratio (Fig. 8), source raf",
 *     List.of(new MaskRatioFigure.Sweep("ESGM", new double[] {0.2, 0.35, 0.5, 0.65, 0.8}, acc)));
 * }</pre>
 */
public final class MaskRatioFigure {
    private MaskRatioFigure() {}

    /** One series: the mask ratios and, per ratio, the accuracy of each seed. */
    public record Sweep(String name, double[] ratios, double[][] perSeed) {
        public Sweep {
            if (ratios.length != perSeed.length) throw new IllegalArgumentException("sweep '" + name + "': " + ratios.length + " ratios, " + perSeed.length + " result sets");
        }
    }

    public static void write(Path png, String title, List<Sweep> sweeps) throws IOException {
        XYChart c = Charts.xy(title, "mask ratio mr", "average target accuracy (%)", Charts.WIDTH, Charts.HEIGHT);
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);             // below: never over a point
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        c.getStyler().setXAxisDecimalPattern("0.00");
        int seeds = 0;
        for (Sweep s : sweeps) {
            double[] mean = new double[s.ratios().length], std = new double[s.ratios().length];
            for (int r = 0; r < mean.length; r++) {
                mean[r] = Stats.mean(s.perSeed()[r]);
                std[r] = Stats.std(s.perSeed()[r]);
                seeds = Math.max(seeds, s.perSeed()[r].length);
            }
            XYSeries x = c.addSeries(s.name(), s.ratios(), mean, std);
            x.setMarker(SeriesMarkers.CIRCLE);
            x.setLineStyle(new BasicStroke(2.4f));
        }
        if (seeds > 1) c.setYAxisTitle("average target accuracy (%), mean ± std over " + seeds + " seeds");
        Charts.write(png, c);
    }
}
