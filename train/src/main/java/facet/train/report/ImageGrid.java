package facet.train.report;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A grid of images with a title, a label per row (left), optional labels per column (top) and an
 * optional viridis colour bar (right) saying what the overlay colours mean. Every cell is drawn
 * at cell x cell pixels. This is layout, not a chart: it places pictures, so Java2D draws it.
 *
 * <pre>{@code
 * ImageGrid.write(png, "Reconstructions", List.of("face 1", "face 2"),
 *     List.of(new ImageGrid.Row("original", originals), new ImageGrid.Row("ESGM", recon)), 128, null);
 * }</pre>
 */
public final class ImageGrid {
    private ImageGrid() {}

    /** One row: its label (may hold a '\n' for two lines) and its images, left to right. */
    public record Row(String label, List<BufferedImage> cells) {}

    private static final int GAP = 6, PAD = 14, BAR = 22;

    public static void write(Path png, String title, List<String> columnLabels, List<Row> rows, int cell, Heat.Scale colourBar)
            throws IOException {
        Png.write(png, render(title, columnLabels, rows, cell, colourBar));
    }

    public static BufferedImage render(String title, List<String> columnLabels, List<Row> rows, int cell, Heat.Scale colourBar) {
        Png.init();
        if (rows.isEmpty()) throw new IllegalArgumentException("image grid '" + title + "': no rows");
        int cols = 0;
        for (Row r : rows) cols = Math.max(cols, r.cells().size());
        Font titleFont = new Font(Png.FONT, Font.BOLD, 20), labelFont = new Font(Png.FONT, Font.PLAIN, 16);
        Font tickFont = new Font(Png.FONT, Font.PLAIN, 14);
        FontMetrics lm = Png.graphics(Png.canvas(1, 1)).getFontMetrics(labelFont);
        int labelW = 0;
        for (Row r : rows) for (String line : r.label().split("\n")) labelW = Math.max(labelW, lm.stringWidth(line));
        int titleH = title.isEmpty() ? 0 : 40, colH = columnLabels.isEmpty() ? 0 : lm.getHeight() + 6;
        int gridW = cols * cell + (cols - 1) * GAP, gridH = rows.size() * cell + (rows.size() - 1) * GAP;
        int barW = colourBar == null ? 0 : 2 * PAD + BAR + 90; // bar, ticks, turned label
        int x0 = PAD + labelW + PAD, y0 = PAD + titleH + colH;
        BufferedImage out = Png.canvas(x0 + gridW + barW + PAD, y0 + gridH + PAD);
        Graphics2D g = Png.graphics(out);
        g.setColor(Color.BLACK);
        if (titleH > 0) {
            g.setFont(titleFont);
            g.drawString(title, Math.max(PAD, (out.getWidth() - g.getFontMetrics().stringWidth(title)) / 2), PAD + 24);
        }
        g.setFont(labelFont);
        for (int c = 0; c < columnLabels.size() && c < cols; c++) {
            String s = columnLabels.get(c);
            g.drawString(s, x0 + c * (cell + GAP) + (cell - lm.stringWidth(s)) / 2, y0 - 8);
        }
        for (int r = 0; r < rows.size(); r++) {
            int y = y0 + r * (cell + GAP);
            String[] lines = rows.get(r).label().split("\n");
            int ty = y + (cell - lines.length * lm.getHeight()) / 2 + lm.getAscent();
            for (String line : lines) {
                g.drawString(line, x0 - PAD - lm.stringWidth(line), ty);
                ty += lm.getHeight();
            }
            List<BufferedImage> cells = rows.get(r).cells();
            for (int c = 0; c < cells.size(); c++) g.drawImage(Images.scale(cells.get(c), cell, cell), x0 + c * (cell + GAP), y, null);
        }
        if (colourBar != null) colourBar(g, x0 + gridW + 2 * PAD, y0, Math.min(gridH, Math.max(cell, 320)), colourBar, tickFont, labelFont);
        g.dispose();
        return out;
    }

    /** A vertical viridis bar, high at the top, with its ticks and its label turned 90 degrees. */
    private static void colourBar(Graphics2D g, int x, int y, int h, Heat.Scale s, Font tickFont, Font labelFont) {
        for (int i = 0; i < h; i++) {
            g.setColor(Viridis.color(1 - i / (double) (h - 1)));
            g.fillRect(x, y + i, BAR, 1);
        }
        g.setColor(new Color(0x555555));
        g.drawRect(x, y, BAR, h - 1);
        g.setFont(tickFont);
        FontMetrics tm = g.getFontMetrics();
        String[] ticks = s.isPerMap() ? new String[] {"high", "", "low"}
                : new String[] {fmt(s.hi()), fmt((s.lo() + s.hi()) / 2), fmt(s.lo())};
        int textW = 0;
        for (int i = 0; i < 3; i++) {
            int ty = y + i * (h - 1) / 2;
            g.drawLine(x + BAR, ty, x + BAR + 4, ty);
            g.drawString(ticks[i], x + BAR + 7, ty + tm.getAscent() / 2 - 1);
            textW = Math.max(textW, tm.stringWidth(ticks[i]));
        }
        if (s.label().isEmpty()) return;
        g.setFont(labelFont);
        AffineTransform keep = g.getTransform();
        int lx = x + BAR + 12 + textW + g.getFontMetrics().getAscent();
        g.rotate(Math.PI / 2, lx, y + h / 2.0);
        g.drawString(s.label(), lx - g.getFontMetrics().stringWidth(s.label()) / 2, y + h / 2);
        g.setTransform(keep);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
