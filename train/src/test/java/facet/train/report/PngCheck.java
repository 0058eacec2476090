package facet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * Reads a written figure back and checks it is a real picture: ImageIO decodes it, it has the
 * expected size, and it is neither blank nor flat (many distinct colours, a fair share of
 * non-white pixels). With -Dfacet.report.samples=DIR the tests write their figures into DIR
 * instead of a temporary folder, to be looked at.
 */
final class PngCheck {
    private PngCheck() {}

    static Path dir(Path temp) throws IOException {
        String s = System.getProperty("facet.report.samples");
        if (s == null) return temp;
        Path d = Path.of(s);
        Files.createDirectories(d);
        return d;
    }

    /** Decodes png; asserts its size (when width > 0) and content; returns the image. */
    static BufferedImage read(Path png, int width, int height, int minColours) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, png + " is not a readable image");
        if (width > 0) assertEquals(width + "x" + height, img.getWidth() + "x" + img.getHeight(), png + " size");
        Set<Integer> colours = new HashSet<>();
        long nonWhite = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int c = img.getRGB(x, y) & 0xFFFFFF;
                colours.add(c);
                if (c != 0xFFFFFF) nonWhite++;
            }
        }
        double share = nonWhite / (double) (img.getWidth() * img.getHeight());
        assertTrue(colours.size() >= minColours, png + ": only " + colours.size() + " distinct colours, expected at least " + minColours);
        assertTrue(share > 0.03, png + ": only " + String.format("%.2f%%", 100 * share) + " of pixels are not white");
        try (var s = Files.list(png.getParent())) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "a temporary file was left beside " + png);
        }
        return img;
    }
}
