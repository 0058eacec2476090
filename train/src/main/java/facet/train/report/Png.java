package facet.train.report;

import facet.nn.io.AtomicFiles;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * PNG output for every figure: images are written atomically (temporary file + rename), so a
 * killed run leaves the old figure or the new one, never a truncated PNG; plus the few Java2D
 * helpers the image figures share (a white canvas with anti-aliased text, panels side by side).
 *
 * <p>Loading this class sets {@code java.awt.headless=true} unless the JVM was told otherwise:
 * runs happen on servers and the GPU machine without a display, and every figure writer touches
 * this class before any AWT or chart class, which would otherwise look for an X server.
 */
public final class Png {
    private Png() {}

    static {
        if (System.getProperty("java.awt.headless") == null) System.setProperty("java.awt.headless", "true");
    }

    /** The sans-serif family every figure uses (DejaVu Sans on most Linux machines). */
    static final String FONT = Font.SANS_SERIF;

    /** Call before building any chart or image, from each writer: it only forces this class's loading. */
    static void init() {}

    public static void write(Path target, BufferedImage image) throws IOException {
        AtomicFiles.write(target, out -> {
            if (!ImageIO.write(image, "png", out)) throw new IOException("no PNG writer for " + target + " (is java.desktop in the runtime?)");
        });
    }

    /** A white RGB canvas and its graphics, with anti-aliased shapes and text. */
    static BufferedImage canvas(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return img;
    }

    static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        return g;
    }

    /** Panels laid out row-major, cols per row, each cell as large as the largest panel. */
    static BufferedImage tile(List<BufferedImage> panels, int cols) {
        if (panels.isEmpty()) throw new IllegalArgumentException("tile: no panels");
        int cw = 0, ch = 0;
        for (BufferedImage p : panels) { cw = Math.max(cw, p.getWidth()); ch = Math.max(ch, p.getHeight()); }
        int rows = (panels.size() + cols - 1) / cols;
        BufferedImage out = canvas(cw * Math.min(cols, panels.size()), ch * rows);
        Graphics2D g = out.createGraphics();
        for (int i = 0; i < panels.size(); i++) g.drawImage(panels.get(i), (i % cols) * cw, (i / cols) * ch, null);
        g.dispose();
        return out;
    }

    /** A title band above an image, for figures made of several charts. */
    static BufferedImage titled(String title, BufferedImage body) {
        int band = 44;
        BufferedImage out = canvas(body.getWidth(), body.getHeight() + band);
        Graphics2D g = graphics(out);
        g.drawImage(body, 0, band, null);
        g.setColor(Color.BLACK);
        g.setFont(new Font(FONT, Font.BOLD, 20));
        int w = g.getFontMetrics().stringWidth(title);
        g.drawString(title, Math.max(8, (out.getWidth() - w) / 2), band - 14);
        g.dispose();
        return out;
    }
}
