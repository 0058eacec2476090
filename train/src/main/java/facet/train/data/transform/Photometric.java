package facet.train.data.transform;

import facet.train.data.Image;

/** Colour arithmetic shared by the jitter transform and the synthetic generator's camera model. */
public final class Photometric {
    private Photometric() {}

    /**
     * Brightness factor b, contrast factor c (toward mean luminance), saturation s (toward
     * per-pixel luminance), hue rotation h in turns (YIQ chroma rotation); clamps to [0, 1]
     * after each step. Identity at (1, 1, 1, 0).
     */
    public static Image jitter(Image src, double b, double c, double s, double h) {
        Image img = src.copy();
        float[] d = img.data;
        int n = img.plane();
        for (int i = 0; i < d.length; i++) d[i] = clamp(d[i] * (float) b);
        if (c != 1) {
            float mean = 0;
            for (int i = 0; i < n; i++) mean += luma(img, i);
            mean /= n;
            for (int i = 0; i < d.length; i++) d[i] = clamp(mean + (d[i] - mean) * (float) c);
        }
        if (img.channels == 3 && s != 1) {
            for (int i = 0; i < n; i++) {
                float y = luma(img, i);
                for (int ch = 0; ch < 3; ch++) d[ch * n + i] = clamp(y + (d[ch * n + i] - y) * (float) s);
            }
        }
        if (img.channels == 3 && h != 0) {
            float cos = (float) Math.cos(2 * Math.PI * h), sin = (float) Math.sin(2 * Math.PI * h);
            for (int i = 0; i < n; i++) {
                float r = d[i], g = d[n + i], bl = d[2 * n + i];
                float y = 0.299f * r + 0.587f * g + 0.114f * bl;
                float ci = 0.596f * r - 0.274f * g - 0.322f * bl, cq = 0.211f * r - 0.523f * g + 0.312f * bl;
                float i2 = ci * cos - cq * sin, q2 = ci * sin + cq * cos;
                d[i] = clamp(y + 0.956f * i2 + 0.621f * q2);
                d[n + i] = clamp(y - 0.272f * i2 - 0.647f * q2);
                d[2 * n + i] = clamp(y - 1.106f * i2 + 1.703f * q2);
            }
        }
        return img;
    }

    static float luma(Image img, int i) {
        if (img.channels == 1) return img.data[i];
        int n = img.plane();
        return 0.299f * img.data[i] + 0.587f * img.data[n + i] + 0.114f * img.data[2 * n + i];
    }

    public static float clamp(float v) { return v < 0 ? 0 : v > 1 ? 1 : v; }
}
