package facet.kernels;

/** A 2-d pooling window over NCHW planes; output size as in PyTorch with ceil_mode off. */
public record PoolGeometry(int planes, int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
    public PoolGeometry {
        if (ph > kh / 2 || pw > kw / 2) {
            throw new IllegalArgumentException("pool2d: padding (" + ph + ", " + pw
                    + ") must be at most half the window (" + kh + ", " + kw + ")");
        }
    }

    /** A kh x kw window over planes of h x w, stride 1 and no padding: {@code PoolGeometry.of(64, 112, 112, 3, 3).stride(2).pad(1)}. */
    public static PoolGeometry of(int planes, int h, int w, int kh, int kw) { return new PoolGeometry(planes, h, w, kh, kw, 1, 1, 0, 0); }

    public PoolGeometry stride(int s) { return stride(s, s); }

    public PoolGeometry stride(int sh, int sw) { return new PoolGeometry(planes, h, w, kh, kw, sh, sw, ph, pw); }

    public PoolGeometry pad(int p) { return pad(p, p); }

    public PoolGeometry pad(int ph, int pw) { return new PoolGeometry(planes, h, w, kh, kw, sh, sw, ph, pw); }

    public int oh() { return (h + 2 * ph - kh) / sh + 1; }
    public int ow() { return (w + 2 * pw - kw) / sw + 1; }
}
