package facet.train.report;

import java.awt.Color;

/**
 * The one colormap of Facet's figures: viridis (van der Walt and Smith, matplotlib 1.5), a
 * perceptually uniform sequential map whose lightness rises monotonically from dark purple (0) to
 * yellow (1), so a heat overlay reads the same in grey print and to colour-blind readers.
 *
 * <p>Built from nine published anchor colours (matplotlib's viridis sampled at 0, 1/8, ..., 1, as
 * R's viridisLite lists them) with linear interpolation between neighbours in sRGB; between
 * anchors this stays within a few units of the 256-entry table, which is not copied here.
 */
public final class Viridis {
    private Viridis() {}

    private static final int[] ANCHORS = {
        0x440154, 0x472D7B, 0x3B528B, 0x2C728E, 0x21908C, 0x27AD81, 0x5DC863, 0xAADC32, 0xFDE725,
    };

    /** Packed 0xRRGGBB for t in [0, 1]; t outside is clamped, NaN maps to 0. */
    public static int rgb(double t) {
        double[] c = unit(t);
        return channel(c[0]) << 16 | channel(c[1]) << 8 | channel(c[2]);
    }

    /** The colour at t before rounding to 8 bits: {r, g, b} in [0, 1]. */
    static double[] unit(double t) {
        double x = Double.isNaN(t) ? 0 : Math.clamp(t, 0.0, 1.0) * (ANCHORS.length - 1);
        int i = Math.min((int) x, ANCHORS.length - 2);
        double f = x - i;
        int a = ANCHORS[i], b = ANCHORS[i + 1];
        double[] c = new double[3];
        for (int k = 0; k < 3; k++) {
            int shift = 16 - 8 * k, ca = a >> shift & 0xFF, cb = b >> shift & 0xFF;
            c[k] = (ca + (cb - ca) * f) / 255;
        }
        return c;
    }

    private static int channel(double v) { return (int) Math.round(v * 255); }

    public static Color color(double t) { return new Color(rgb(t)); }

    /** n colours evenly spaced from t0 to t1 (for a chart library's colour ramp), n >= 2. */
    public static Color[] ramp(int n, double t0, double t1) {
        if (n < 2) throw new IllegalArgumentException("viridis ramp: need at least 2 colours, got " + n);
        Color[] c = new Color[n];
        for (int i = 0; i < n; i++) c[i] = color(t0 + (t1 - t0) * i / (n - 1));
        return c;
    }

    /** CIE L* (0 black .. 100 white) of a packed sRGB colour, D65 white: to check the map's lightness. */
    public static double lightness(int rgb) {
        return lightness((rgb >> 16 & 0xFF) / 255.0, (rgb >> 8 & 0xFF) / 255.0, (rgb & 0xFF) / 255.0);
    }

    /** CIE L* of sRGB channels in [0, 1]. */
    static double lightness(double r, double g, double b) {
        double y = 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
        return y > 216.0 / 24389 ? 116 * Math.cbrt(y) - 16 : y * 24389.0 / 27;
    }

    private static double linear(double c) {
        return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    }
}
