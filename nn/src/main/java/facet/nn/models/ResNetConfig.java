package facet.nn.models;

/**
 * The shape of a {@link ResNet18}. classes 0 means no head. width scales every stage's
 * channels (64, 128, 256, 512 at 1.0), rounded, at least 1.
 */
public record ResNetConfig(int classes, Stem stem, double width, int channels) {
    /** IMAGENET: 7x7 stride-2 convolution and 3x3 stride-2 max pool (224 -> 56). SMALL: 3x3 stride-1 convolution, no pool (CIFAR-style, 32 -> 32). */
    public enum Stem { IMAGENET, SMALL }

    public ResNetConfig {
        if (classes < 0 || width <= 0 || channels < 1) {
            throw new IllegalArgumentException("ResNetConfig: classes " + classes + ", width " + width + " and channels " + channels + " are out of range");
        }
    }

    public static ResNetConfig imagenet(int classes) { return new ResNetConfig(classes, Stem.IMAGENET, 1.0, 3); }

    public static ResNetConfig small(int classes) { return new ResNetConfig(classes, Stem.SMALL, 1.0, 3); }

    public ResNetConfig withWidth(double w) { return new ResNetConfig(classes, stem, w, channels); }

    /** Channels of stage i (0..3). */
    public int stageWidth(int i) { return Math.max(1, (int) Math.round(64 * width)) << i; }
}
