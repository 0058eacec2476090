package facet.train.report;

import java.awt.image.BufferedImage;

/**
 * A heat map to lay over a face: h x w values row-major, coarser than the image (a patch grid,
 * a Grad-CAM map of one ResNet stage), drawn in viridis over the face's grey version.
 *
 * <pre>{@code
 * Heat w = new Heat(weights, 8, 8);                    // one value per patch of an 8x8 grid
 * BufferedImage over = w.overlay(face, Heat.Scale.UNIT, true);
 * }</pre>
 */
public record Heat(float[] values, int h, int w) {
    public Heat {
        if (values.length != h * w) throw new IllegalArgumentException("heat: " + values.length + " values for " + h + "x" + w);
    }

    /** A square grid of patch values (Np = grid^2). */
    public static Heat patches(float[] values) {
        int g = (int) Math.round(Math.sqrt(values.length));
        if (g * g != values.length) throw new IllegalArgumentException("heat: " + values.length + " patch values are not a square grid");
        return new Heat(values, g, g);
    }

    /**
     * How values map to colours: [lo, hi] fixed and shared by every panel (values that mean the
     * same everywhere, as w in [0, 1]), or each map stretched to its own min..max (Grad-CAM,
     * whose scale differs per stage). The label goes beside the colour bar.
     */
    public record Scale(double lo, double hi, String label) {
        public static final Scale UNIT = new Scale(0, 1, "");

        public static Scale perMap(String label) { return new Scale(Double.NaN, Double.NaN, label); }

        public boolean isPerMap() { return Double.isNaN(lo); }

        public Scale labelled(String text) { return new Scale(lo, hi, text); }
    }

    /** Values mapped to [0, 1] by the scale. */
    float[] normalised(Scale s) {
        double lo = s.lo(), hi = s.hi();
        if (s.isPerMap()) {
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
            for (float v : values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        }
        double span = hi > lo ? hi - lo : 1;
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) out[i] = (float) Math.clamp((values[i] - lo) / span, 0.0, 1.0);
        return out;
    }

    /**
     * The face in grey with this map in viridis over it (colour weight alpha = 0.6, so the face's
     * features stay visible under the hottest cells). smooth: bilinear between cell centres (an
     * attention or Grad-CAM map); otherwise each cell a flat block (one mask weight per patch).
     */
    public BufferedImage overlay(BufferedImage face, Scale scale, boolean smooth) {
        Png.init();
        float[] t = normalised(scale);
        int W = face.getWidth(), H = face.getHeight();
        BufferedImage out = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        double alpha = 0.6;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double v = smooth ? bilinear(t, (x + 0.5) * w / W - 0.5, (y + 0.5) * h / H - 0.5)
                                  : t[Math.min(y * h / H, h - 1) * w + Math.min(x * w / W, w - 1)];
                int c = Viridis.rgb(v), p = face.getRGB(x, y);
                double grey = 0.299 * (p >> 16 & 0xFF) + 0.587 * (p >> 8 & 0xFF) + 0.114 * (p & 0xFF);
                int r = blend(grey, c >> 16 & 0xFF, alpha), g = blend(grey, c >> 8 & 0xFF, alpha), b = blend(grey, c & 0xFF, alpha);
                out.setRGB(x, y, r << 16 | g << 8 | b);
            }
        }
        return out;
    }

    private static int blend(double grey, int colour, double alpha) {
        return (int) Math.round((1 - alpha) * grey + alpha * colour);
    }

    /** t sampled at the continuous cell coordinate (cx, cy), edges clamped. */
    private double bilinear(float[] t, double cx, double cy) {
        cx = Math.clamp(cx, 0.0, w - 1.0);
        cy = Math.clamp(cy, 0.0, h - 1.0);
        int x0 = (int) cx, y0 = (int) cy, x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
        double fx = cx - x0, fy = cy - y0;
        double top = t[y0 * w + x0] * (1 - fx) + t[y0 * w + x1] * fx;
        double bottom = t[y1 * w + x0] * (1 - fx) + t[y1 * w + x1] * fx;
        return top * (1 - fy) + bottom * fy;
    }
}
