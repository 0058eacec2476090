package facet.train.data.transform;

import facet.train.data.FacePart;
import facet.train.data.Image;
import facet.train.data.ParsingMap;

import java.util.Arrays;

/**
 * The pixel arithmetic behind the transforms: separable resizing, crops with padding, flips and
 * Gaussian blur over planar float images, and their nearest-neighbour twins for parsing maps.
 */
public final class Resample {
    private Resample() {}

    /**
     * Resize with a triangle (bilinear) filter whose support widens by the scale factor when
     * shrinking, so a downscale averages every source pixel instead of aliasing (PIL's
     * antialiased bilinear). Separable: rows first, then columns. Cost ~ C (H W' k + H' W' k).
     */
    public static Image resize(Image src, int h, int w) {
        if (h == src.height && w == src.width) return src;
        Filter fx = Filter.of(src.width, w), fy = Filter.of(src.height, h);
        Image out = new Image(src.channels, h, w);
        float[] tmp = new float[src.height * w];
        for (int c = 0; c < src.channels; c++) {
            int base = c * src.plane();
            for (int y = 0; y < src.height; y++) fx.apply(src.data, base + y * src.width, 1, tmp, y * w, 1);
            for (int x = 0; x < w; x++) fy.apply(tmp, x, w, out.data, c * h * w + x, w);
        }
        return out;
    }

    /** Per output index: the first source index and the normalised weights of the ones after it. */
    private record Filter(int[] first, float[][] weights) {
        static Filter of(int in, int out) {
            double scale = in / (double) out, support = Math.max(1.0, scale);
            int[] first = new int[out];
            float[][] weights = new float[out][];
            for (int i = 0; i < out; i++) {
                double centre = (i + 0.5) * scale;
                int lo = Math.max(0, (int) Math.floor(centre - support)), hi = Math.min(in, (int) Math.ceil(centre + support));
                float[] wt = new float[hi - lo];
                double sum = 0;
                for (int j = lo; j < hi; j++) {
                    double t = Math.max(0, 1 - Math.abs((j + 0.5 - centre) / support));
                    wt[j - lo] = (float) t;
                    sum += t;
                }
                if (sum == 0) { // a source narrower than one tap: take the nearest pixel
                    lo = Math.min(in - 1, (int) centre);
                    wt = new float[] {1f};
                    sum = 1;
                }
                for (int k = 0; k < wt.length; k++) wt[k] /= (float) sum;
                first[i] = lo;
                weights[i] = wt;
            }
            return new Filter(first, weights);
        }

        void apply(float[] src, int srcOff, int srcStride, float[] dst, int dstOff, int dstStride) {
            for (int i = 0; i < first.length; i++) {
                float[] wt = weights[i];
                int s = srcOff + first[i] * srcStride;
                float acc = 0;
                for (int k = 0; k < wt.length; k++, s += srcStride) acc += wt[k] * src[s];
                dst[dstOff + i * dstStride] = acc;
            }
        }
    }

    /**
     * The h x w window whose top-left corner is (top, left); parts outside the source are
     * filled with {@code fill} (image) or background (map). Either argument may be null.
     */
    public static Image crop(Image src, int top, int left, int h, int w, float fill) {
        Image out = new Image(src.channels, h, w);
        if (fill != 0) Arrays.fill(out.data, fill);
        int y0 = Math.max(0, -top), y1 = Math.min(h, src.height - top);
        int x0 = Math.max(0, -left), x1 = Math.min(w, src.width - left);
        if (x1 <= x0) return out;
        for (int c = 0; c < src.channels; c++) {
            for (int y = y0; y < y1; y++) {
                System.arraycopy(src.data, (c * src.height + top + y) * src.width + left + x0, out.data, (c * h + y) * w + x0, x1 - x0);
            }
        }
        return out;
    }

    public static ParsingMap crop(ParsingMap src, int top, int left, int h, int w) {
        ParsingMap out = new ParsingMap(h, w);
        int y0 = Math.max(0, -top), y1 = Math.min(h, src.height - top);
        int x0 = Math.max(0, -left), x1 = Math.min(w, src.width - left);
        if (x1 <= x0) return out;
        for (int y = y0; y < y1; y++) System.arraycopy(src.ids, (top + y) * src.width + left + x0, out.ids, y * w + x0, x1 - x0);
        return out;
    }

    public static Image flip(Image src) {
        Image out = new Image(src.channels, src.height, src.width);
        int w = src.width;
        for (int r = 0; r < src.channels * src.height; r++) {
            for (int x = 0; x < w; x++) out.data[r * w + x] = src.data[r * w + w - 1 - x];
        }
        return out;
    }

    /** Mirrors the map and swaps each left part id with its right one (see {@link FacePart}). */
    public static ParsingMap flip(ParsingMap src) {
        byte[] swap = new byte[FacePart.COUNT];
        for (int i = 0; i < swap.length; i++) swap[i] = FacePart.of(i).mirrored().id();
        ParsingMap out = new ParsingMap(src.height, src.width);
        int w = src.width;
        for (int y = 0; y < src.height; y++) {
            for (int x = 0; x < w; x++) out.ids[y * w + x] = swap[src.ids[y * w + w - 1 - x]];
        }
        return out;
    }

    /**
     * Gaussian blur with standard deviation sigma pixels, separable, radius ceil(3 sigma), edges
     * reflected. Each row or column is copied once into a padded line so the tap loop has no
     * bounds logic: cost ~ 2 C H W (2r + 1) multiply-adds.
     */
    public static Image blur(Image src, double sigma) {
        if (sigma <= 0) return src;
        float[] k = kernel(sigma);
        int r = k.length / 2, h = src.height, w = src.width;
        Image out = new Image(src.channels, h, w);
        float[] line = new float[Math.max(h, w) + 2 * r], tmp = new float[h * w];
        for (int c = 0; c < src.channels; c++) {
            int base = c * h * w;
            for (int y = 0; y < h; y++) {
                for (int i = -r; i < w + r; i++) line[i + r] = src.data[base + y * w + reflect(i, w)];
                convolve(line, k, tmp, y * w, 1, w);
            }
            for (int x = 0; x < w; x++) {
                for (int i = -r; i < h + r; i++) line[i + r] = tmp[reflect(i, h) * w + x];
                convolve(line, k, out.data, base + x, w, h);
            }
        }
        return out;
    }

    /** dst[off + i * stride] = sum_t k[t] line[i + t] for i in 0..n-1. */
    private static void convolve(float[] line, float[] k, float[] dst, int off, int stride, int n) {
        for (int i = 0; i < n; i++) {
            float acc = 0;
            for (int t = 0; t < k.length; t++) acc += k[t] * line[i + t];
            dst[off + i * stride] = acc;
        }
    }

    /** Normalised taps exp(-t^2 / 2 sigma^2) for t = -r..r. */
    static float[] kernel(double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int t = -r; t <= r; t++) sum += k[t + r] = (float) Math.exp(-t * t / (2 * sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= (float) sum;
        return k;
    }

    /** Index i reflected into 0..n-1 without repeating the edge (dcb|abcd|cba). */
    static int reflect(int i, int n) {
        if (n == 1) return 0;
        int period = 2 * (n - 1);
        i = Math.floorMod(i, period);
        return i < n ? i : period - i;
    }
}
