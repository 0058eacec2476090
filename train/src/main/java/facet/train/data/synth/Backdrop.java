package facet.train.data.synth;

import facet.train.data.Rng;

/**
 * What is behind the face, painted straight into pixels before anything else: a studio sweep,
 * an out-of-focus room, an outdoor scene, sharp clutter, or a dark film set with bokeh.
 */
final class Backdrop {
    private Backdrop() {}

    enum Kind { STUDIO, INDOOR, OUTDOOR, CLUTTER, DARK }

    static void paint(Canvas c, Kind kind, Rng r) {
        switch (kind) {
            case STUDIO -> {
                float g = (float) r.uniform(0.35, 0.95);
                float[] a = tinted(g, 0.06, r), b = tinted(g * (float) r.uniform(0.7, 1.0), 0.06, r);
                gradient(c, a, b, r.uniform(-0.5, 0.5));
            }
            case INDOOR -> {
                gradient(c, muted(r, 0.3, 0.8), muted(r, 0.2, 0.7), r.uniform(-1, 1));
                for (int k = 3 + r.below(4); k > 0; k--) blob(c, muted(r, 0.1, 0.9), r, 0.15, 0.5, 0.6 * Math.min(c.width, c.height) * 0.3);
            }
            case OUTDOOR -> {
                float[] sky = {(float) r.uniform(0.5, 0.8), (float) r.uniform(0.65, 0.9), (float) r.uniform(0.8, 1.0)};
                float[] ground = {(float) r.uniform(0.2, 0.45), (float) r.uniform(0.3, 0.55), (float) r.uniform(0.15, 0.3)};
                gradient(c, sky, ground, 0);
                for (int k = 2 + r.below(4); k > 0; k--) blob(c, muted(r, 0.15, 0.6), r, 0.1, 0.35, 0.4 * Math.min(c.width, c.height) * 0.3);
            }
            case CLUTTER -> {
                gradient(c, muted(r, 0.2, 0.9), muted(r, 0.2, 0.9), r.uniform(-1, 1));
                for (int k = 6 + r.below(10); k > 0; k--) {
                    float[] col = {(float) r.uniform(0, 1), (float) r.uniform(0, 1), (float) r.uniform(0, 1)};
                    if (r.chance(0.5)) rect(c, col, r);
                    else blob(c, col, r, 0.05, 0.25, 1);
                }
            }
            case DARK -> {
                gradient(c, muted(r, 0.02, 0.18), muted(r, 0.0, 0.1), r.uniform(-1, 1));
                for (int k = 3 + r.below(6); k > 0; k--) {
                    float[] col = {(float) r.uniform(0.5, 1), (float) r.uniform(0.4, 0.9), (float) r.uniform(0.2, 0.8)};
                    blob(c, col, r, 0.03, 0.1, 1.5);
                }
            }
        }
    }

    private static float[] tinted(float g, double sd, Rng r) {
        return new float[] {clamp(g + (float) r.normal(0, sd)), clamp(g + (float) r.normal(0, sd)), clamp(g + (float) r.normal(0, sd))};
    }

    private static float[] muted(Rng r, double lo, double hi) {
        float base = (float) r.uniform(lo, hi);
        return tinted(base, 0.08, r);
    }

    /** A linear blend from a (top) to b (bottom), tilted by slant. */
    private static void gradient(Canvas c, float[] a, float[] b, double slant) {
        int n = c.width * c.height;
        for (int y = 0; y < c.height; y++) {
            for (int x = 0; x < c.width; x++) {
                float t = clamp((float) ((y + slant * (x - c.width / 2.0)) / c.height));
                int i = y * c.width + x;
                c.rgb[i] = a[0] + (b[0] - a[0]) * t;
                c.rgb[n + i] = a[1] + (b[1] - a[1]) * t;
                c.rgb[2 * n + i] = a[2] + (b[2] - a[2]) * t;
            }
        }
    }

    /** A disc of radius in [rMin, rMax] x image size, edge softened over soft pixels. */
    private static void blob(Canvas c, float[] col, Rng r, double rMin, double rMax, double soft) {
        int size = Math.min(c.width, c.height), n = c.width * c.height;
        double cx = r.uniform(0, c.width), cy = r.uniform(0, c.height), rad = r.uniform(rMin, rMax) * size;
        float alpha = (float) r.uniform(0.5, 1);
        double s = Math.max(1, soft);
        int x0 = Math.max(0, (int) (cx - rad - s)), x1 = Math.min(c.width - 1, (int) (cx + rad + s));
        int y0 = Math.max(0, (int) (cy - rad - s)), y1 = Math.min(c.height - 1, (int) (cy + rad + s));
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                double d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy) - rad;
                float cov = alpha * clamp((float) (0.5 - d / s));
                if (cov <= 0) continue;
                int i = y * c.width + x;
                c.rgb[i] += (col[0] - c.rgb[i]) * cov;
                c.rgb[n + i] += (col[1] - c.rgb[n + i]) * cov;
                c.rgb[2 * n + i] += (col[2] - c.rgb[2 * n + i]) * cov;
            }
        }
    }

    private static void rect(Canvas c, float[] col, Rng r) {
        int n = c.width * c.height;
        int w = 1 + r.below(Math.max(1, c.width / 2)), h = 1 + r.below(Math.max(1, c.height / 2));
        int x0 = r.below(c.width), y0 = r.below(c.height);
        for (int y = y0; y < Math.min(c.height, y0 + h); y++) {
            for (int x = x0; x < Math.min(c.width, x0 + w); x++) {
                int i = y * c.width + x;
                c.rgb[i] = col[0];
                c.rgb[n + i] = col[1];
                c.rgb[2 * n + i] = col[2];
            }
        }
    }

    private static float clamp(float v) { return v < 0 ? 0 : v > 1 ? 1 : v; }
}
