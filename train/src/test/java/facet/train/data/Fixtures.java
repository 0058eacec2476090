package facet.train.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small files for reader tests, written in each format's exact layout by the tests themselves. */
public final class Fixtures {
    private Fixtures() {}

    /** A w x h RGB image whose pixel (y, x) is (r, g, b) + a ramp in x, so crops are recognisable. */
    public static Image ramp(int w, int h, float r, float g, float b) {
        Image img = new Image(3, h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float dx = 0.5f * x / Math.max(1, w - 1);
                img.set(0, y, x, Math.min(1, r + dx));
                img.set(1, y, x, g);
                img.set(2, y, x, b);
            }
        }
        return img;
    }

    public static Image solid(int channels, int w, int h, float v) {
        Image img = new Image(channels, h, w);
        java.util.Arrays.fill(img.data, v);
        return img;
    }

    public static Path image(Path p, Image img) throws IOException {
        ImageCodec.write(img, p, 1f);
        return p;
    }

    /** Bytes that no image decoder accepts, under an image's name. */
    public static Path corrupt(Path p) throws IOException {
        Files.createDirectories(p.getParent());
        Files.write(p, "this is not an image, only its name says so".getBytes(StandardCharsets.US_ASCII));
        return p;
    }

    public static Path text(Path p, String... lines) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }
}
