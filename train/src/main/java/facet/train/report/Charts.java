package facet.train.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One look for every XChart figure: white background, light grid, fonts large enough to read
 * when the PNG is shown at half size in a report, and a colour-blind-safe palette for series.
 */
final class Charts {
    private Charts() {}

    /**
     * Series colours: Okabe and Ito's palette (2008), distinguishable under the common colour
     * vision deficiencies; yellow, weak on white, comes last.
     */
    static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0xF0E442),
    };

    static final int WIDTH = 800, HEIGHT = 520;

    /** An XY line chart with Facet's style. */
    static XYChart xy(String title, String xTitle, String yTitle, int width, int height) {
        Png.init();
        XYChart c = new XYChart(width, height);
        c.setTitle(title);
        c.setXAxisTitle(xTitle);
        c.setYAxisTitle(yTitle);
        style(c.getStyler());
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        c.getStyler().setMarkerSize(7);
        c.getStyler().setSeriesColors(PALETTE);
        c.getStyler().setErrorBarsColorSeriesColor(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return c;
    }

    /** Fonts, background and grid shared by every chart type. */
    static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(new Color(0x888888));
        s.setPlotGridLinesColor(new Color(0xE3E3E3));
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setChartFontColor(Color.BLACK);
        s.setChartTitleFont(new Font(Png.FONT, Font.BOLD, 19));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(Png.FONT, Font.PLAIN, 16));
        s.setAxisTickLabelsFont(new Font(Png.FONT, Font.PLAIN, 14));
        s.setAxisTickLabelsColor(new Color(0x333333));
        s.setLegendFont(new Font(Png.FONT, Font.PLAIN, 14));
        s.setLegendBorderColor(new Color(0xBBBBBB));
        s.setLegendBackgroundColor(new Color(255, 255, 255, 230));
        s.setChartPadding(12);
        s.setAntiAlias(true);
        s.setToolTipsEnabled(false);
    }

    /** Plain lines, thicker than XChart's default, no markers: for dense curves. */
    static void lines(XYSeries s) {
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(new BasicStroke(2.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
    }

    static BufferedImage image(Chart<?, ?> chart) { return BitmapEncoder.getBufferedImage(chart); }

    static void write(Path png, Chart<?, ?> chart) throws IOException { Png.write(png, image(chart)); }
}
