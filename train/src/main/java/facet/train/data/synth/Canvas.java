package facet.train.data.synth;

import facet.train.data.Image;
import facet.train.data.ParsingMap;

/**
 * The picture being painted: planar RGB floats, a parsing id per pixel, and the similarity
 * transform from face coordinates to pixels (centre, scale in pixels per face unit, roll).
 *
 * <p>Painting is back to front. A fill sets colour with anti-aliased coverage and, where
 * coverage passes one half, the part id, unless the id already there is protected (so glasses
 * lenses do not relabel the eye behind them). Shading multiplies colour and leaves ids alone.
 */
final class Canvas {
    final int width, height;
    final float[] rgb;
    final byte[] ids;
    final Image image;
    final ParsingMap map;
    /** pixel = origin + ppu * R(roll) (u, v). */
    private final double ox, oy, ppu, cos, sin;

    Canvas(int width, int height, double ox, double oy, double ppu, double roll) {
        this.width = width;
        this.height = height;
        this.image = new Image(3, height, width);
        this.map = new ParsingMap(height, width);
        this.rgb = image.data;
        this.ids = map.ids;
        this.ox = ox;
        this.oy = oy;
        this.ppu = ppu;
        this.cos = Math.cos(roll);
        this.sin = Math.sin(roll);
    }

    /** Pixels per face unit. */
    double ppu() { return ppu; }

    double pixelX(double u, double v) { return ox + ppu * (u * cos - v * sin); }

    double pixelY(double u, double v) { return oy + ppu * (u * sin + v * cos); }

    // =========================================================================================
    // Painting
    // =========================================================================================

    /** Iterates the pixels of a shape's box; visitor gets pixel index, face u, v. */
    private interface Visit {
        void at(int i, double u, double v);
    }

    private void each(Shape s, double marginPx, Visit f) {
        if (s.u0 > s.u1 || s.v0 > s.v1) return;
        double x0 = Double.MAX_VALUE, x1 = -Double.MAX_VALUE, y0 = Double.MAX_VALUE, y1 = -Double.MAX_VALUE;
        for (double u : new double[] {s.u0, s.u1}) {
            for (double v : new double[] {s.v0, s.v1}) {
                double x = pixelX(u, v), y = pixelY(u, v);
                x0 = Math.min(x0, x);
                x1 = Math.max(x1, x);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
        }
        int px0 = Math.max(0, (int) Math.floor(x0 - marginPx)), px1 = Math.min(width - 1, (int) Math.ceil(x1 + marginPx));
        int py0 = Math.max(0, (int) Math.floor(y0 - marginPx)), py1 = Math.min(height - 1, (int) Math.ceil(y1 + marginPx));
        double inv = 1 / ppu;
        for (int py = py0; py <= py1; py++) {
            double dy = (py + 0.5 - oy) * inv;
            for (int px = px0; px <= px1; px++) {
                double dx = (px + 0.5 - ox) * inv;
                f.at(py * width + px, dx * cos + dy * sin, -dx * sin + dy * cos);
            }
        }
    }

    /** The colour of a surface at pixel i, face point (u, v). */
    private interface Shader {
        void colour(int i, double u, double v, float[] out);
    }

    /** Paints a shader's colour with anti-aliased coverage; sets id where covered unless the present id is protected (bit per id). */
    private void paint(Shape s, int id, int protect, Shader shader) {
        int n = width * height;
        float[] col = new float[3];
        each(s, 1, (i, u, v) -> {
            float c = coverage(s.distance(u, v), 1);
            if (c <= 0) return;
            shader.colour(i, u, v, col);
            blend(i, n, col[0], col[1], col[2], c);
            if (c >= 0.5f && id >= 0 && (protect & (1 << ids[i])) == 0) ids[i] = (byte) id;
        });
    }

    /** Solid colour. */
    void fill(Shape s, float r, float g, float b, int id, int protect) {
        paint(s, id, protect, (i, u, v, out) -> {
            out[0] = r;
            out[1] = g;
            out[2] = b;
        });
    }

    void fill(Shape s, float[] col, int id) { fill(s, col[0], col[1], col[2], id, 0); }

    /**
     * A lit, textured surface: colour times the light at (u, v), times grain of the given
     * amplitude (fine per-pixel noise and a coarser mottling).
     */
    void fillLit(Shape s, float[] col, Light light, float grain, int id) {
        paint(s, id, 0, (i, u, v, out) -> {
            light.at(u, v, out);
            float tex = 1 + grain * (0.6f * Noise.pixel(i, 17) + Noise.value(u * 9, v * 9, 5));
            for (int k = 0; k < 3; k++) out[k] *= col[k] * tex;
        });
    }

    /** Hair: colour times light, with strands radiating from (crownU, crownV), warped by noise. */
    void fillHair(Shape s, float[] col, Light light, double crownU, double crownV, float strandAmp, int id, int protect) {
        paint(s, id, protect, (i, u, v, out) -> {
            light.at(u, v, out);
            double ang = Math.atan2(u - crownU, v - crownV);
            float strand = (float) Math.sin(ang * 90 + 5 * Noise.value(u * 3, v * 3, 9)) * 0.5f + 0.5f;
            float tex = 0.85f + strandAmp * (strand - 0.5f) + 0.1f * Noise.value(u * 6, v * 6, 29) + 0.05f * Noise.pixel(i, 23);
            for (int k = 0; k < 3; k++) out[k] *= col[k] * tex;
        });
    }

    /** Multiplies colour by factor (below 1 darkens) with an edge softened over softPx pixels. */
    void shade(Shape s, float factor, double softPx) {
        if (factor == 1) return;
        int n = width * height;
        each(s, softPx, (i, u, v) -> {
            float c = coverage(s.distance(u, v), softPx);
            if (c <= 0) return;
            float f = 1 + (factor - 1) * c;
            rgb[i] *= f;
            rgb[n + i] *= f;
            rgb[2 * n + i] *= f;
        });
    }

    /** Moves colour toward (r, g, b) by alpha, edge softened over softPx pixels; ids untouched. */
    void tint(Shape s, float[] col, float alpha, double softPx) {
        if (alpha <= 0) return;
        int n = width * height;
        each(s, softPx, (i, u, v) -> {
            float c = coverage(s.distance(u, v), softPx) * alpha;
            if (c > 0) blend(i, n, col[0], col[1], col[2], c);
        });
    }

    private void blend(int i, int n, float r, float g, float b, float c) {
        rgb[i] += (r - rgb[i]) * c;
        rgb[n + i] += (g - rgb[n + i]) * c;
        rgb[2 * n + i] += (b - rgb[2 * n + i]) * c;
    }

    /** Signed distance (face units) to coverage: 1 inside, 0 outside, linear over soft pixels at the edge. */
    private float coverage(double d, double softPx) {
        double c = 0.5 - d * ppu / softPx;
        return c <= 0 ? 0 : c >= 1 ? 1 : (float) c;
    }

    /** Sets the id under a shape, colour untouched, except where the present id is protected. */
    void label(Shape s, int id, int protect) {
        each(s, 0, (i, u, v) -> {
            if (s.distance(u, v) < 0 && (protect & (1 << ids[i])) == 0) ids[i] = (byte) id;
        });
    }
}
