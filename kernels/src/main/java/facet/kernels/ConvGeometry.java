package facet.kernels;

/**
 * Shapes of a 2-d convolution over NCHW input and OIHW weight (I = C / groups). Output size per
 * spatial axis: (in + 2 * pad - dilation * (k - 1) - 1) / stride + 1, as in PyTorch.
 */
public record ConvGeometry(int n, int c, int h, int w, int o, int kh, int kw,
                           int sh, int sw, int ph, int pw, int dh, int dw, int groups) {
    public ConvGeometry {
        if (c % groups != 0 || o % groups != 0) {
            throw new IllegalArgumentException("conv2d: groups=" + groups + " must divide input channels "
                    + c + " and output channels " + o);
        }
    }

    /**
     * Input (N, C, H, W) and weight (O, C, KH, KW) with stride 1, no padding, dilation 1 and one
     * group; the withers below change those: {@code ConvGeometry.of(2, 64, 56, 56, 128, 3, 3).stride(2).pad(1)}.
     */
    public static ConvGeometry of(int n, int c, int h, int w, int o, int kh, int kw) {
        return new ConvGeometry(n, c, h, w, o, kh, kw, 1, 1, 0, 0, 1, 1, 1);
    }

    public ConvGeometry stride(int s) { return stride(s, s); }

    public ConvGeometry stride(int sh, int sw) { return new ConvGeometry(n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, groups); }

    public ConvGeometry pad(int p) { return pad(p, p); }

    public ConvGeometry pad(int ph, int pw) { return new ConvGeometry(n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, groups); }

    public ConvGeometry dilation(int dh, int dw) { return new ConvGeometry(n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, groups); }

    /** groups must divide C and O; the weight then is (O, C / groups, KH, KW). */
    public ConvGeometry groups(int g) { return new ConvGeometry(n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, g); }

    public int oh() { return (h + 2 * ph - dh * (kh - 1) - 1) / sh + 1; }
    public int ow() { return (w + 2 * pw - dw * (kw - 1) - 1) / sw + 1; }
    /** Input channels per group. */
    public int cg() { return c / groups; }
    /** Output channels per group. */
    public int og() { return o / groups; }
    /** Rows of the im2col matrix of one group: cg * kh * kw. */
    public int patch() { return cg() * kh * kw; }
    /** Multiply-adds of the forward pass; times 2 for flops. */
    public long macs() { return (long) n * o * oh() * ow() * patch(); }
}
