package facet.train.data.synth;

import facet.train.data.Expression;
import facet.train.data.FacePart;
import facet.train.data.Image;
import facet.train.data.ImageCodec;
import facet.train.data.ParsingMap;
import facet.train.data.transform.Resample;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A PNG of generated faces: one row per expression, one column per domain, each cell the face
 * and its parsing map side by side. Every cell shows a different person at intensity 0.9, so
 * the sheet shows identity variation as well as the expressions and domain styles.
 */
public final class ContactSheet {
    private ContactSheet() {}

    /** A colour per face part id, far apart for neighbouring parts (background black). */
    static final int[] PALETTE = {0x000000, 0xCC0000, 0x4C9900, 0xCCCC00, 0x3333FF, 0xCC00CC, 0x00FFFF, 0xFFCCCC, 0x663300, 0xFF0000,
            0x66CC00, 0xFFFF00, 0x000099, 0x0000CC, 0xFF3399, 0x00CCCC, 0x003300, 0xFF9933, 0x00CC00};

    public static void write(Path file, long seed, int cell) throws IOException {
        List<Domain> domains = Domain.ALL;
        int left = 96, top = 24, cw = 2 * cell + 6, rows = Expression.COUNT;
        BufferedImage sheet = new BufferedImage(left + domains.size() * cw, top + rows * (cell + 4), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(new Color(0x202020));
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        boolean text = labels(g);
        for (int d = 0; d < domains.size(); d++) {
            Domain dom = domains.get(d);
            SyntheticFaces faces = new SyntheticFaces(dom, dom.evalSplit(), 64, seed);
            if (text) g.drawString(dom.name, left + d * cw + 4, 16);
            for (int e = 0; e < rows; e++) {
                if (text && d == 0) g.drawString(Expression.of(e).title, 6, top + e * (cell + 4) + cell / 2 + 5);
                var ex = faces.render(e + 7 * d, e, e == Expression.NEUTRAL.ordinal() ? 0 : 0.9);
                int x = left + d * cw, y = top + e * (cell + 4);
                g.drawImage(ImageCodec.toBuffered(fit(ex.image(), cell)), x, y, null);
                g.drawImage(colour(fitMap(ex.parsing(), cell, ex.image())), x + cell + 2, y, null);
            }
        }
        g.dispose();
        ImageCodec.write(sheet, file, 1f);
    }

    /** Sets up text drawing; false when the JDK has no usable font (a headless box without fontconfig). */
    private static boolean labels(Graphics2D g) {
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.setColor(Color.WHITE);
            g.getFontMetrics();
            return true;
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    /** The image scaled so its longer side is size, centred in a size x size RGB square. */
    private static Image fit(Image img, int size) {
        double s = size / (double) Math.max(img.width, img.height);
        int w = Math.max(1, (int) Math.round(img.width * s)), h = Math.max(1, (int) Math.round(img.height * s));
        Image small = Resample.resize(img.toRgb(), h, w);
        return Resample.crop(small, (h - size) / 2, (w - size) / 2, size, size, 0f);
    }

    private static ParsingMap fitMap(ParsingMap m, int size, Image img) {
        double s = size / (double) Math.max(img.width, img.height);
        int w = Math.max(1, (int) Math.round(img.width * s)), h = Math.max(1, (int) Math.round(img.height * s));
        return Resample.crop(m.resized(h, w), (h - size) / 2, (w - size) / 2, size, size);
    }

    private static BufferedImage colour(ParsingMap m) {
        BufferedImage b = new BufferedImage(m.width, m.height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < m.height; y++) for (int x = 0; x < m.width; x++) b.setRGB(x, y, PALETTE[m.get(y, x) % FacePart.COUNT]);
        return b;
    }
}
