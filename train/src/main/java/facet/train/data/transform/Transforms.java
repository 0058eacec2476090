package facet.train.data.transform;

import facet.train.data.Example;
import facet.train.data.Image;
import facet.train.data.ParsingMap;

/**
 * The standard steps, named as torchvision names them. Images are planar floats; geometric
 * steps also move the parsing map, photometric ones leave it alone. Random steps draw only from
 * the stream they are given; those with a probability draw their parameters whether or not they
 * fire, so changing p changes nothing downstream.
 */
public final class Transforms {
    private Transforms() {}

    // =========================================================================================
    // Geometric (image and parsing map together)
    // =========================================================================================

    /** Resize to h x w: antialiased bilinear for the image, nearest neighbour for the map. */
    public static Transform resize(int h, int w) {
        return (e, r) -> e.with(Resample.resize(e.image(), h, w), e.parsing() == null ? null : e.parsing().resized(h, w));
    }

    public static Transform resize(int size) { return resize(size, size); }

    /** The central h x w window (padded with 0 / background when the image is smaller). */
    public static Transform centerCrop(int h, int w) {
        return (e, r) -> crop(e, (e.image().height - h) / 2, (e.image().width - w) / 2, h, w);
    }

    /**
     * A uniformly placed h x w window of the image padded by {@code padding} pixels of 0 on
     * every side (the CIFAR-style crop).
     */
    public static Transform randomCrop(int h, int w, int padding) {
        return (e, r) -> {
            if (e.image().height + 2 * padding < h || e.image().width + 2 * padding < w) {
                throw new IllegalArgumentException("random crop: " + h + "x" + w + " does not fit a " + e.image().height + "x"
                        + e.image().width + " image padded by " + padding);
            }
            int top = r.below(e.image().height + 2 * padding - h + 1) - padding;
            int left = r.below(e.image().width + 2 * padding - w + 1) - padding;
            return crop(e, top, left, h, w);
        };
    }

    /**
     * torchvision's RandomResizedCrop: a window covering a uniform fraction in [minScale, maxScale]
     * of the area with log-uniform aspect ratio in [minRatio, maxRatio] (10 tries, then the
     * central crop), resized to size x size.
     */
    public static Transform randomResizedCrop(int size, double minScale, double maxScale, double minRatio, double maxRatio) {
        return (e, r) -> {
            int H = e.image().height, W = e.image().width;
            for (int attempt = 0; attempt < 10; attempt++) {
                double area = H * W * r.uniform(minScale, maxScale);
                double ratio = Math.exp(r.uniform(Math.log(minRatio), Math.log(maxRatio)));
                int w = (int) Math.round(Math.sqrt(area * ratio)), h = (int) Math.round(Math.sqrt(area / ratio));
                if (w > 0 && h > 0 && w <= W && h <= H) {
                    int top = r.below(H - h + 1), left = r.below(W - w + 1);
                    return resize(size, size).apply(crop(e, top, left, h, w), r);
                }
            }
            int s = Math.min(H, W);
            return resize(size, size).apply(crop(e, (H - s) / 2, (W - s) / 2, s, s), r);
        };
    }

    /** Mirror left-right with probability p; the map's left and right parts swap names too. */
    public static Transform horizontalFlip(double p) {
        return (e, r) -> {
            if (!r.chance(p)) return e;
            return e.with(Resample.flip(e.image()), e.parsing() == null ? null : Resample.flip(e.parsing()));
        };
    }

    private static Example crop(Example e, int top, int left, int h, int w) {
        ParsingMap m = e.parsing() == null ? null : Resample.crop(e.parsing(), top, left, h, w);
        return e.with(Resample.crop(e.image(), top, left, h, w, 0f), m);
    }

    // =========================================================================================
    // Photometric (image only)
    // =========================================================================================

    /**
     * Brightness, contrast and saturation factors uniform in [1 - x, 1 + x] and a hue rotation
     * uniform in [-hue, hue] turns (at most 0.5), applied in that order; values are clamped to
     * [0, 1] after each. Contrast pulls toward the image's mean luminance, saturation toward each
     * pixel's luminance, hue rotates chroma in YIQ space. Greyscale images take brightness and
     * contrast only.
     */
    public static Transform colorJitter(double brightness, double contrast, double saturation, double hue) {
        return (e, r) -> {
            double b = r.uniform(1 - brightness, 1 + brightness), c = r.uniform(1 - contrast, 1 + contrast);
            double s = r.uniform(1 - saturation, 1 + saturation), h = r.uniform(-hue, hue);
            return e.with(Photometric.jitter(e.image(), b, c, s, h));
        };
    }

    /** Luminance in every channel (the channel count is kept), with probability p. */
    public static Transform grayscale(double p) {
        return (e, r) -> r.chance(p) ? e.with(e.image().toGrey().withChannels(e.image().channels)) : e;
    }

    /** Converts to 1 (luminance) or 3 (repeated grey) channels; a no-op when already so. */
    public static Transform channels(int c) { return (e, r) -> e.with(e.image().withChannels(c)); }

    /**
     * Gaussian blur with sigma uniform in [minSigma, maxSigma] pixels, with probability p: the
     * paper's augmented view x_a.
     */
    public static Transform gaussianBlur(double minSigma, double maxSigma, double p) {
        return (e, r) -> {
            double sigma = r.uniform(minSigma, maxSigma);
            return r.chance(p) ? e.with(Resample.blur(e.image(), sigma)) : e;
        };
    }

    /** (x - mean[c]) / std[c] per channel; one value each is broadcast to every channel. */
    public static Transform normalize(double[] mean, double[] std) {
        return (e, r) -> {
            Image src = e.image();
            if ((mean.length != 1 && mean.length != src.channels) || (std.length != 1 && std.length != src.channels)) {
                throw new IllegalArgumentException("normalize: " + mean.length + " means / " + std.length
                        + " stds for an image of " + src.channels + " channels");
            }
            Image out = new Image(src.channels, src.height, src.width);
            int n = src.plane();
            for (int c = 0; c < src.channels; c++) {
                float m = (float) mean[mean.length == 1 ? 0 : c], inv = (float) (1 / std[std.length == 1 ? 0 : c]);
                for (int i = c * n; i < (c + 1) * n; i++) out.data[i] = (src.data[i] - m) * inv;
            }
            return e.with(out);
        };
    }
}
