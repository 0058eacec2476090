package facet.train.data;

import java.util.Arrays;

/**
 * A face parsing map: one {@link FacePart} id per pixel, height x width, row-major. It travels
 * with its image through every geometric transform (nearest neighbour, so no new ids appear).
 */
public final class ParsingMap {
    public final int height, width;
    /** Part id of pixel (y, x) at y * width + x. */
    public final byte[] ids;

    public ParsingMap(int height, int width) { this(height, width, new byte[height * width]); }

    public ParsingMap(int height, int width, byte[] ids) {
        if (height <= 0 || width <= 0 || ids.length != height * width) {
            throw new IllegalArgumentException("parsing map: " + ids.length + " ids cannot fill " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
        this.ids = ids;
    }

    public int get(int y, int x) { return ids[y * width + x]; }

    /** This map resampled to another size by nearest neighbour (pixel centres). */
    public ParsingMap resized(int h, int w) {
        if (h == height && w == width) return this;
        ParsingMap out = new ParsingMap(h, w);
        for (int y = 0; y < h; y++) {
            int sy = Math.min(height - 1, (int) ((y + 0.5) * height / h));
            for (int x = 0; x < w; x++) {
                int sx = Math.min(width - 1, (int) ((x + 0.5) * width / w));
                out.ids[y * w + x] = ids[sy * width + sx];
            }
        }
        return out;
    }

    /** Pixels per part id, length {@link FacePart#COUNT}. */
    public int[] histogram() {
        int[] h = new int[FacePart.COUNT];
        for (byte b : ids) h[b]++;
        return h;
    }

    /** Fraction of pixels in the paper's expression set S_exp. */
    public double expressionFraction() {
        int n = 0;
        for (byte b : ids) if (FacePart.of(b).isExpression()) n++;
        return n / (double) ids.length;
    }

    @Override public boolean equals(Object o) {
        return o instanceof ParsingMap m && m.height == height && m.width == width && Arrays.equals(m.ids, ids);
    }

    @Override public int hashCode() { return Arrays.hashCode(ids); }
}
