package facet.tensor;

import facet.kernels.ConvGeometry;

/** Stride, padding, dilation (height, width) and groups of a 2-d convolution. */
public record ConvParams(int sh, int sw, int ph, int pw, int dh, int dw, int groups) {
    public ConvParams {
        if (sh < 1 || sw < 1 || dh < 1 || dw < 1 || ph < 0 || pw < 0 || groups < 1) {
            throw new IllegalArgumentException("conv2d: invalid parameters " + this
                    + " (stride and dilation must be >= 1, padding >= 0, groups >= 1)");
        }
    }

    public static ConvParams of(int stride, int padding) { return new ConvParams(stride, stride, padding, padding, 1, 1, 1); }

    public ConvParams dilation(int d) { return new ConvParams(sh, sw, ph, pw, d, d, groups); }

    public ConvParams groups(int g) { return new ConvParams(sh, sw, ph, pw, dh, dw, g); }

    /** The kernel-level geometry of x (N, C, H, W) convolved with w (O, C/groups, KH, KW). */
    ConvGeometry geometry(String op, int[] x, int[] w) {
        if (x.length != 4 || w.length != 4) {
            throw new IllegalArgumentException(op + ": expects input (N, C, H, W) and weight (O, C/groups, KH, KW), got "
                    + Shape.str(x) + " and " + Shape.str(w));
        }
        if (x[1] != w[1] * groups) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(x) + " has " + x[1] + " channels but weight "
                    + Shape.str(w) + " with groups=" + groups + " expects " + w[1] * groups);
        }
        ConvGeometry g = ConvGeometry.of(x[0], x[1], x[2], x[3], w[0], w[2], w[3]).stride(sh, sw).pad(ph, pw).dilation(dh, dw).groups(groups);
        if (g.oh() < 1 || g.ow() < 1) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(x) + " is smaller than the kernel " + w[2] + "x" + w[3]
                    + " with dilation (" + dh + ", " + dw + ") and padding (" + ph + ", " + pw + ")");
        }
        return g;
    }
}
