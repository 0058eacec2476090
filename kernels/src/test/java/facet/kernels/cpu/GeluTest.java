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
