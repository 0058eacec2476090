package facet.kernels.cpu;

import facet.kernels.BinaryOp;
import facet.kernels.UnaryOp;

/**
 * Elementwise kernels over strided float32 inputs into a contiguous output. Broadcasting is the
 * caller's business: a broadcast operand arrives as a view with stride 0 on expanded dims.
 * Bottleneck: memory bandwidth (8-12 bytes per element).
 */
public final class Elementwise {
    private Elementwise() {}

    /** out[i] = op(x[i]) over {@code shape}; out is contiguous from 0. */
    public static void unary(UnaryOp op, float[] x, int xOff, int[] xStrides, int[] shape, float[] out) {
        Strided plan = new Strided(shape, Strided.contiguous(shape), xStrides);
        int len = plan.len, xs = plan.innerStride(1);
        plan.forEachRow(new int[] {0, xOff}, b -> {
            for (int j = 0, o = b[0], xi = b[1]; j < len; j++, xi += xs) out[o + j] = op.apply(x[xi]);
        });
    }

    /** out[i] = op(a[i], b[i]); a and b are views of the same shape. */
    public static void binary(BinaryOp op, float[] a, int aOff, int[] aStrides,
                              float[] b, int bOff, int[] bStrides, int[] shape, float[] out) {
        Strided plan = new Strided(shape, Strided.contiguous(shape), aStrides, bStrides);
        int len = plan.len, as = plan.innerStride(1), bs = plan.innerStride(2);
        plan.forEachRow(new int[] {0, aOff, bOff}, p -> {
            for (int j = 0, o = p[0], ai = p[1], bi = p[2]; j < len; j++, ai += as, bi += bs) {
                out[o + j] = op.apply(a[ai], b[bi]);
            }
        });
    }

    /** out[i] = cond[i] != 0 ? a[i] : b[i]. */
    public static void where(float[] c, int cOff, int[] cStrides, float[] a, int aOff, int[] aStrides,
                             float[] b, int bOff, int[] bStrides, int[] shape, float[] out) {
        Strided plan = new Strided(shape, Strided.contiguous(shape), cStrides, aStrides, bStrides);
        int len = plan.len, cs = plan.innerStride(1), as = plan.innerStride(2), bs = plan.innerStride(3);
        plan.forEachRow(new int[] {0, cOff, aOff, bOff}, p -> {
            for (int j = 0, o = p[0], ci = p[1], ai = p[2], bi = p[3]; j < len; j++, ci += cs, ai += as, bi += bs) {
                out[o + j] = c[ci] != 0 ? a[ai] : b[bi];
            }
        });
    }
}
