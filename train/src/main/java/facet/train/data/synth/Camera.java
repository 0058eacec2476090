package facet.train.data.synth;

import facet.train.data.Image;
import facet.train.data.ParsingMap;
import facet.train.data.transform.Photometric;
import facet.train.data.transform.Resample;

/**
 * Develops a painted canvas into the domain's photograph: upscaling of a low-resolution
 * render, exposure and colour cast, contrast and saturation, vignetting, lens blur, sensor
 * noise, JPEG loss, and greyscale. The parsing map only follows the geometry (the upscale).
 */
final class Camera {
    private Camera() {}

    record Shot(Image image, ParsingMap map) {}

    static Shot develop(Canvas c, Scene sc) {
        Image img = c.image;
        ParsingMap map = c.map;
        if (img.width != sc.width() || img.height != sc.height()) {
            img = Resample.resize(img, sc.height(), sc.width());
            map = map.resized(sc.height(), sc.width());
        }
        int n = img.plane();
        float[] d = img.data;
        double cx = img.width / 2.0, cy = img.height / 2.0, rr = cx * cx + cy * cy;
        for (int ch = 0; ch < 3; ch++) {
            float gain = (float) sc.exposure() * sc.cast()[ch];
            for (int y = 0; y < img.height; y++) {
                for (int x = 0; x < img.width; x++) {
                    double r2 = ((x + 0.5 - cx) * (x + 0.5 - cx) + (y + 0.5 - cy) * (y + 0.5 - cy)) / rr;
                    int i = ch * n + y * img.width + x;
                    d[i] = Photometric.clamp(d[i] * gain * (float) (1 - sc.vignette() * r2));
                }
            }
        }
        img = Photometric.jitter(img, 1, sc.contrast(), sc.saturation(), 0);
        // blur is specified at the native size; a low-resolution render was blurred by its upscale already
        img = Resample.blur(img, sc.blur());
        addNoise(img, sc.noise(), (int) sc.seed());
        if (sc.jpegQuality() > 0) Jpeg.degrade(img, (int) Math.round(100 * sc.jpegQuality()));
        if (sc.grey()) img = img.toGrey();
        return new Shot(img, map);
    }

    /**
     * Gaussian-like sensor noise of standard deviation sd (a sum of two hashed uniforms per
     * pixel: luminance noise shared by the channels plus a weaker chroma part), deterministic
     * in the scene's seed and far cheaper than drawing normals.
     */
    private static void addNoise(Image img, double sd, int salt) {
        if (sd <= 0) return;
        int n = img.plane();
        float a = (float) (sd * Math.sqrt(6) / 2);
        for (int i = 0; i < n; i++) {
            float luma = a * (Noise.pixel(i, salt) + Noise.pixel(i, salt + 1));
            for (int ch = 0; ch < img.channels; ch++) {
                int j = ch * n + i;
                img.data[j] = Photometric.clamp(img.data[j] + luma + 0.4f * a * Noise.pixel(i, salt + 2 + ch));
            }
        }
    }
}
