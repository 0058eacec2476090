package facet.train.data.synth;

import facet.train.data.Image;

/**
 * JPEG's loss without the file: RGB to YCbCr, chroma averaged over 2x2, an 8x8 DCT per block,
 * quantisation with the standard (IJG) tables scaled for a quality, and back. Produces the
 * blocking, ringing and colour bleeding of a real low-quality JPEG in ~1 ms for 112x112.
 */
final class Jpeg {
    private Jpeg() {}

    private static final int[] LUMA = {16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
            14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
            49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};
    private static final int[] CHROMA = {17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99,
            47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
            99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};
    /** C[k][n] = a(k) cos((2n + 1) k pi / 16): the orthonormal DCT-II matrix. */
    private static final double[][] C = new double[8][8];

    static {
        for (int k = 0; k < 8; k++) {
            for (int n = 0; n < 8; n++) C[k][n] = (k == 0 ? Math.sqrt(1.0 / 8) : Math.sqrt(2.0 / 8)) * Math.cos((2 * n + 1) * k * Math.PI / 16);
        }
    }

    /** img (RGB, in place) as a JPEG of quality q in 1..100 would decode. */
    static void degrade(Image img, int quality) {
        int w = img.width, h = img.height, n = w * h;
        float[] y = new float[n], cb = new float[n], cr = new float[n];
        float[] d = img.data;
        for (int i = 0; i < n; i++) {
            float r = d[i] * 255, g = d[n + i] * 255, b = d[2 * n + i] * 255;
            y[i] = 0.299f * r + 0.587f * g + 0.114f * b - 128;
            cb[i] = -0.168736f * r - 0.331264f * g + 0.5f * b;
            cr[i] = 0.5f * r - 0.418688f * g - 0.081312f * b;
        }
        int[] qy = table(LUMA, quality), qc = table(CHROMA, quality);
        quantise(y, w, h, qy);
        int w2 = (w + 1) / 2, h2 = (h + 1) / 2;
        float[] cbs = halve(cb, w, h), crs = halve(cr, w, h);
        quantise(cbs, w2, h2, qc);
        quantise(crs, w2, h2, qc);
        for (int py = 0; py < h; py++) {
            for (int px = 0; px < w; px++) {
                int i = py * w + px, j = (py / 2) * w2 + px / 2;
                float yy = y[i] + 128, b = cbs[j], r = crs[j];
                d[i] = clamp((yy + 1.402f * r) / 255);
                d[n + i] = clamp((yy - 0.344136f * b - 0.714136f * r) / 255);
                d[2 * n + i] = clamp((yy + 1.772f * b) / 255);
            }
        }
    }

    /** The IJG scaling of a base table for quality q. */
    private static int[] table(int[] base, int q) {
        q = Math.max(1, Math.min(100, q));
        int scale = q < 50 ? 5000 / q : 200 - 2 * q;
        int[] t = new int[64];
        for (int i = 0; i < 64; i++) t[i] = Math.max(1, Math.min(255, (base[i] * scale + 50) / 100));
        return t;
    }

    private static float[] halve(float[] c, int w, int h) {
        int w2 = (w + 1) / 2, h2 = (h + 1) / 2;
        float[] o = new float[w2 * h2];
        for (int y = 0; y < h2; y++) {
            for (int x = 0; x < w2; x++) {
                float s = 0;
                for (int dy = 0; dy < 2; dy++) for (int dx = 0; dx < 2; dx++) s += c[Math.min(h - 1, 2 * y + dy) * w + Math.min(w - 1, 2 * x + dx)];
                o[y * w2 + x] = s / 4;
            }
        }
        return o;
    }

    /** Each 8x8 block (edge blocks padded by repeating the last row/column): DCT, round to the table, inverse DCT. */
    private static void quantise(float[] p, int w, int h, int[] q) {
        double[] blk = new double[64], tmp = new double[64];
        for (int by = 0; by < h; by += 8) {
            for (int bx = 0; bx < w; bx += 8) {
                for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) blk[y * 8 + x] = p[Math.min(h - 1, by + y) * w + Math.min(w - 1, bx + x)];
                transform(blk, tmp, false);
                for (int i = 0; i < 64; i++) blk[i] = Math.round(blk[i] / q[i]) * q[i];
                transform(blk, tmp, true);
                for (int y = 0; y < 8 && by + y < h; y++) for (int x = 0; x < 8 && bx + x < w; x++) p[(by + y) * w + bx + x] = (float) blk[y * 8 + x];
            }
        }
    }

    /** B = C X C^T (forward) or X = C^T B C (inverse), in place on b. */
    private static void transform(double[] b, double[] tmp, boolean inverse) {
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double s = 0;
                for (int k = 0; k < 8; k++) s += (inverse ? C[k][i] : C[i][k]) * b[k * 8 + j];
                tmp[i * 8 + j] = s;
            }
        }
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double s = 0;
                for (int k = 0; k < 8; k++) s += tmp[i * 8 + k] * (inverse ? C[k][j] : C[j][k]);
                b[i * 8 + j] = s;
            }
        }
    }

    private static float clamp(float v) { return v < 0 ? 0 : v > 1 ? 1 : v; }
}
