package facet.nn.models;

/**
 * The shape of a {@link VisionTransformer}. classes 0 means no head (the model returns pooled
 * features). Presets follow the reference sizes: ViT-B/16 (Dosovitskiy et al.) and ViT-Ti/16
 * (DeiT-Tiny), both with a learned position embedding as timm builds them.
 */
public record ViTConfig(int imageSize, int patchSize, int channels, int dim, int depth, int heads, double mlpRatio,
                        int classes, boolean qkvBias, PosEmbed posEmbed, Pool pool, double dropout, double dropPath) {

    /** LEARNED: a trained parameter, trunc-normal(0.02) at init. SINCOS: fixed 2-D sin-cos values in a buffer (MAE). */
    public enum PosEmbed { LEARNED, SINCOS }

    /** CLS: the class token's final state. MEAN: the mean of the patch tokens (MAE fine-tuning's global pool). */
    public enum Pool { CLS, MEAN }

    public ViTConfig {
        if (imageSize < 1 || patchSize < 1 || imageSize % patchSize != 0) {
            throw new IllegalArgumentException("ViTConfig: image size " + imageSize + " must be a positive multiple of patch size " + patchSize);
        }
        if (heads < 1 || dim % heads != 0) throw new IllegalArgumentException("ViTConfig: dim " + dim + " does not split into " + heads + " heads");
        if (posEmbed == PosEmbed.SINCOS && dim % 4 != 0) {
            throw new IllegalArgumentException("ViTConfig: a sin-cos position embedding needs dim divisible by 4, got " + dim);
        }
        if (depth < 0 || classes < 0 || mlpRatio <= 0) {
            throw new IllegalArgumentException("ViTConfig: depth " + depth + ", classes " + classes + " and mlpRatio " + mlpRatio + " are out of range");
        }
    }

    public static ViTConfig base16(int classes) { return of(224, 16, 768, 12, 12, classes); }

    public static ViTConfig tiny16(int classes) { return of(224, 16, 192, 12, 3, classes); }

    /** RGB, MLP ratio 4, qkv bias, learned position embedding, class-token pooling, no dropout or drop path. */
    public static ViTConfig of(int imageSize, int patchSize, int dim, int depth, int heads, int classes) {
        return new ViTConfig(imageSize, patchSize, 3, dim, depth, heads, 4.0, classes, true, PosEmbed.LEARNED, Pool.CLS, 0, 0);
    }

    public int gridSize() { return imageSize / patchSize; }

    public int patches() { return gridSize() * gridSize(); }

    public ViTConfig withImageSize(int s) {
        return new ViTConfig(s, patchSize, channels, dim, depth, heads, mlpRatio, classes, qkvBias, posEmbed, pool, dropout, dropPath);
    }

    public ViTConfig withPosEmbed(PosEmbed p) {
        return new ViTConfig(imageSize, patchSize, channels, dim, depth, heads, mlpRatio, classes, qkvBias, p, pool, dropout, dropPath);
    }

    public ViTConfig withDropPath(double rate) {
        return new ViTConfig(imageSize, patchSize, channels, dim, depth, heads, mlpRatio, classes, qkvBias, posEmbed, pool, dropout, rate);
    }

    public ViTConfig withPool(Pool p) {
        return new ViTConfig(imageSize, patchSize, channels, dim, depth, heads, mlpRatio, classes, qkvBias, posEmbed, p, dropout, dropPath);
    }
}
