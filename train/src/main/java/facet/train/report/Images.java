package facet.train.report;

import facet.tensor.Device;
import facet.tensor.Tensor;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Float images (CHW, as the models see them) to Java images, for the image figures. Pixels come
 * in [0, 1] or normalised per channel as (x - mean) / std; values outside [0, 1] after undoing
 * the normalisation are clipped, as a reconstruction may overshoot.
 */
public final class Images {
    private Images() {}

    static { Png.init(); } // headless before the first Graphics2D

    /** Per-channel normalisation to undo: pixel = x * std + mean. */
    public record Norm(float[] mean, float[] std) {
        /** Pixels already in [0, 1]. */
        public static final Norm UNIT = new Norm(new float[] {0, 0, 0}, new float[] {1, 1, 1});
        /** The ImageNet statistics the MAE checkpoints were trained with. */
        public static final Norm IMAGENET = new Norm(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});
    }

    /** chw: (C, H, W) row-major with C = 1 (grey) or 3 (RGB). */
    public static BufferedImage fromChw(float[] chw, int c, int h, int w, Norm norm) {
        if (c != 1 && c != 3) throw new IllegalArgumentException("image: " + c + " channels; expected 1 or 3");
        if (chw.length != c * h * w) throw new IllegalArgumentException("image: " + chw.length + " values for (" + c + ", " + h + ", " + w + ")");
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x, rgb = 0;
                for (int ch = 0; ch < 3; ch++) {
                    int k = c == 1 ? 0 : ch;
                    double v = chw[k * plane + i] * norm.std()[k] + norm.mean()[k];
                    rgb = rgb << 8 | (int) Math.round(255 * Math.clamp(v, 0.0, 1.0));
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    /** images: (B, C, H, W) on any device -> B images. */
    public static List<BufferedImage> fromBatch(Tensor images, Norm norm) {
        images.requireDim("images", 4, "(B, C, H, W)");
        int[] s = images.shape();
        float[] all = images.to(Device.CPU).contiguous().toFloatArray();
        int per = s[1] * s[2] * s[3];
        List<BufferedImage> out = new ArrayList<>();
        for (int b = 0; b < s[0]; b++) {
            float[] one = new float[per];
            System.arraycopy(all, b * per, one, 0, per);
            out.add(fromChw(one, s[1], s[2], s[3], norm));
        }
        return out;
    }

    /** Rescaled to width x height: bicubic when enlarging a small face, so it does not look blocky. */
    public static BufferedImage scale(BufferedImage src, int width, int height) {
        if (src.getWidth() == width && src.getHeight() == height) return src;
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    /**
     * The masked input as MAE shows it: the patches with mask = 1 (0 keep, 1 remove) painted
     * mid grey. mask: the patch grid row-major, grid x grid entries over a square image.
     */
    public static BufferedImage maskPatches(BufferedImage src, float[] mask, int grid) {
        if (mask.length != grid * grid) throw new IllegalArgumentException("mask: " + mask.length + " values for a " + grid + "x" + grid + " patch grid");
        BufferedImage out = copy(src);
        Graphics2D g = out.createGraphics();
        g.setColor(new Color(0x808080));
        for (int k = 0; k < mask.length; k++) {
            if (mask[k] < 0.5f) continue;
            int r = k / grid, c = k % grid;
            int x0 = c * src.getWidth() / grid, x1 = (c + 1) * src.getWidth() / grid;
            int y0 = r * src.getHeight() / grid, y1 = (r + 1) * src.getHeight() / grid;
            g.fillRect(x0, y0, x1 - x0, y1 - y0);
        }
        g.dispose();
        return out;
    }

    static BufferedImage copy(BufferedImage src) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(src, 0, 0, null);
        g.dispose();
        return out;
    }
}
