package facet.kernels.cpu;

import facet.kernels.BinaryOp;
import facet.kernels.Scope;
import facet.kernels.UnaryOp;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * gelu's backward, g gelu'(x), runs in two passes (Elementwise.erfRow): it must give the bits of the
 * derivative rounded to float and then multiplied by g, on one thread and on two (whose pieces cut
 * the rows differently). The scalar path (-Dfacet.scalar=true) instead rounds g gelu'(x) once, from double.
 */
class GeluTest {
    /**
     * erf, gelu and gelu's derivative in float against double, over several of erfRow's blocks plus a
     * tail, and the same bits wherever an element falls in a block: the array read from an offset
     * that moves every block boundary gives each element the same value.
     */
    @Test void theErfFamilyIsAccurateAndTheSameWhereverBlocksFall() {
        int n = 3 * 2048 + 37, shift = 16 + 5;
        SplittableRandom r = new SplittableRandom(7);
        float[] x = new float[n + shift];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 3);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.ERF, UnaryOp.GELU, UnaryOp.GELU_GRAD}) {
            float[] at0 = new float[n], atShift = new float[n];
            Elementwise.unary(op, x, shift, new int[] {1}, new int[] {n}, at0);
            float[] whole = new float[n + shift];
            Elementwise.unary(op, x, 0, new int[] {1}, new int[] {n + shift}, whole);
            System.arraycopy(whole, shift, atShift, 0, n);
            for (int i = 0; i < n; i++) {
                double v = x[shift + i], e = facet.kernels.MathFns.erf(op == UnaryOp.ERF ? v : v / Math.sqrt(2));
                double want = switch (op) {
                    case ERF -> e;
                    case GELU -> v * (1 + e) / 2;
                    default -> (1 + e) / 2 + v * Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI);
                };
                assertEquals(want, at0[i], 2e-6 * Math.max(1, Math.abs(want)), op + " at x = " + v);
                // the last elements of a row that fill no whole vector take the scalar formula instead: compare vector lanes only
                if (!Simd.SCALAR && i < Simd.FLOATS.loopBound(n) && shift + i < Simd.FLOATS.loopBound(n + shift)) {
                    assertEquals(Float.floatToIntBits(atShift[i]), Float.floatToIntBits(at0[i]), op + " at x = " + v + " moved with the blocks");
                }
            }
        }
    }

    @Test void theBackwardIsTheDerivativeTimesTheGradientBitForBit() {
        int n = 64 * 1031;   // whole vectors at any width, several rows' worth of pieces
        SplittableRandom r = new SplittableRandom(5);
        float[] x = new float[n], g = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextGaussian() * 3);
            g[i] = (float) r.nextGaussian();
        }
        x[0] = Float.NaN;
        x[1] = Float.POSITIVE_INFINITY;
        x[2] = -40f;
        int[] shape = {n}, unit = {1};
        for (int threads : new int[] {1, 2}) {
            try (Scope scope = Parallel.withThreads(threads)) {
                float[] fused = new float[n], derivative = new float[n], product = new float[n];
                Elementwise.binary(BinaryOp.GELU_BACKWARD, g, 0, unit, x, 0, unit, shape, fused);
                Elementwise.unary(UnaryOp.GELU_GRAD, x, 0, unit, shape, derivative);
                Elementwise.binary(BinaryOp.MUL, g, 0, unit, derivative, 0, unit, shape, product);
                for (int i = 0; i < n; i++) {
                    float want = Simd.SCALAR ? BinaryOp.GELU_BACKWARD.apply(g[i], x[i]) : product[i];
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(fused[i]),   // any NaN counts as one
                            "x = " + x[i] + ", g = " + g[i] + " on " + threads + " threads: " + fused[i] + " against " + want);
                }
            }
        }
    }
}
