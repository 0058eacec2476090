package facet.tensor;

import facet.kernels.PoolGeometry;

/** Window, stride and padding (height, width) of a 2-d pooling. */
public record PoolParams(int kh, int kw, int sh, int sw, int ph, int pw) {
    public PoolParams {
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0) {
            throw new IllegalArgumentException("pool2d: invalid parameters " + this);
        }
    }

    public static PoolParams of(int kernel, int stride, int padding) {
        return new PoolParams(kernel, kernel, stride, stride, padding, padding);
    }

    PoolGeometry geometry(String op, int[] x) {
        if (x.length != 4) throw new IllegalArgumentException(op + ": expects input (N, C, H, W), got " + Shape.str(x));
        if (x[2] + 2 * ph < kh || x[3] + 2 * pw < kw) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(x) + " is smaller than the window " + kh + "x" + kw);
        }
        return PoolGeometry.of(x[0] * x[1], x[2], x[3], kh, kw).stride(sh, sw).pad(ph, pw);
    }
}
