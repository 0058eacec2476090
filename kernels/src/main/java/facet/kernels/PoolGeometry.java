package facet.kernels;

/** A 2-d pooling window over NCHW planes; output size as in PyTorch with ceil_mode off. */
public record PoolGeometry(int planes, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
    public PoolGeometry {
        if (ph > kh / 2 || pw > kw / 2) {
            throw new IllegalArgumentException("pool2d: padding (" + ph + ", " + pw
                    + ") must be at most half the window (" + kh + ", " + kw + ")");
        }
    }

    public int oh() { return (h + 2 * ph - kh) / sh + 1; }
    public int ow() { return (w + 2 * pw - kw) / sw + 1; }
}
