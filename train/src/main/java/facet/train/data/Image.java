package facet.train.data;

import java.util.Arrays;

/**
 * A decoded picture: channels x height x width floats in [0, 1], planar (all of channel 0,
 * then channel 1, ...), row-major within a plane, so a batch copy to an (N, C, H, W) tensor is
 * one arraycopy per image. One channel is greyscale, three are RGB.
 */
public final class Image {
    public final int channels, height, width;
    /** Element (c, y, x) is at (c * height + y) * width + x. */
    public final float[] data;

    public Image(int channels, int height, int width) {
        this(channels, height, width, new float[checkedSize(channels, height, width)]);
    }

    public Image(int channels, int height, int width, float[] data) {
        checkedSize(channels, height, width);
        if (data.length != channels * height * width) {
            throw new IllegalArgumentException("image: " + data.length + " values cannot fill " + channels + "x" + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    private static int checkedSize(int c, int h, int w) {
        if ((c != 1 && c != 3) || h <= 0 || w <= 0) {
            throw new IllegalArgumentException("image: needs 1 or 3 channels and a positive size, got " + c + "x" + h + "x" + w);
        }
        return c * h * w;
    }

    public int plane() { return height * width; }

    public float get(int c, int y, int x) { return data[(c * height + y) * width + x]; }

    public void set(int c, int y, int x, float v) { data[(c * height + y) * width + x] = v; }

    public Image copy() { return new Image(channels, height, width, data.clone()); }

    /** Luminance (ITU-R BT.601 weights, as JPEG and PIL use) as a one-channel image; itself if already grey. */
    public Image toGrey() {
        if (channels == 1) return this;
        int n = plane();
        float[] g = new float[n];
        for (int i = 0; i < n; i++) g[i] = 0.299f * data[i] + 0.587f * data[n + i] + 0.114f * data[2 * n + i];
        return new Image(1, height, width, g);
    }

    /** Three channels: a grey image repeated in each; itself if already RGB. */
    public Image toRgb() {
        if (channels == 3) return this;
        int n = plane();
        float[] rgb = new float[3 * n];
        for (int c = 0; c < 3; c++) System.arraycopy(data, 0, rgb, c * n, n);
        return new Image(3, height, width, rgb);
    }

    /** This image with 1 or 3 channels. */
    public Image withChannels(int c) {
        return switch (c) {
            case 1 -> toGrey();
            case 3 -> toRgb();
            default -> throw new IllegalArgumentException("image: cannot convert to " + c + " channels (1 or 3)");
        };
    }

    /** The pixels inside box; the box must lie inside the image. */
    public Image crop(Box b) {
        if (b.x() < 0 || b.y() < 0 || b.x() + b.w() > width || b.y() + b.h() > height || b.w() <= 0 || b.h() <= 0) {
            throw new IllegalArgumentException("crop: " + b + " is not inside a " + width + "x" + height + " image");
        }
        Image out = new Image(channels, b.h(), b.w());
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < b.h(); y++) {
                System.arraycopy(data, (c * height + b.y() + y) * width + b.x(), out.data, (c * b.h() + y) * b.w(), b.w());
            }
        }
        return out;
    }

    @Override public boolean equals(Object o) {
        return o instanceof Image i && i.channels == channels && i.height == height && i.width == width && Arrays.equals(i.data, data);
    }

    @Override public int hashCode() { return Arrays.hashCode(data); }

    @Override public String toString() { return "Image(" + channels + "x" + height + "x" + width + ")"; }
}
