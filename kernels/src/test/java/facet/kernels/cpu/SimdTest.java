package facet.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Simd.sum and Simd.exp: accurate, exact at the edges, and the same bits whether or not C2 has compiled them. */
class SimdTest {
    private static final int L = Simd.FLOATS.length();

    @Test void expIsWithinTwoUlpsAndExactAtTheEdges() {
        float[] x = new float[L], out = new float[L];
        double worst = 0;
        int worstAt = 0;
        for (int k = 0; k < 200_000; k++) {
            for (int i = 0; i < L; i++) x[i] = (float) (-87.0 + 175.5 * ((k * L + i) * 0.6180339887498949 % 1.0));
            Simd.exp(FloatVector.fromArray(Simd.FLOATS, x, 0)).intoArray(out, 0);
            for (int i = 0; i < L; i++) {
                double ref = Math.exp(x[i]), ulps = Math.abs(out[i] - ref) / Math.ulp((float) ref);
                if (ulps > worst) { worst = ulps; worstAt = Float.floatToIntBits(x[i]); }
            }
        }
        assertTrue(worst <= 2, "worst " + worst + " ulp at x = " + Float.intBitsToFloat(worstAt));
        float[] edge = {Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.NaN, 0f, -100f, 88.7f, 89f, -87.3f};
        float[] want = {0f, Float.POSITIVE_INFINITY, Float.NaN, 1f, 0f, (float) Math.exp(88.7f), Float.POSITIVE_INFINITY, (float) Math.exp(-87.3f)};
        for (int i = 0; i < edge.length; i++) {
            float[] v = new float[L];
            v[0] = edge[i];
            Simd.exp(FloatVector.fromArray(Simd.FLOATS, v, 0)).intoArray(out, 0);
            assertTrue(Float.compare(want[i], out[0]) == 0 || Math.abs(out[0] - want[i]) <= 2 * Math.ulp(want[i]), "exp(" + edge[i] + ") = " + out[0]);
        }
    }

    /** Cold (interpreted) and hot (after 100k calls, C2) results of the same inputs: the bits must agree. */
    @Test void sumAndExpGiveTheSameBitsColdAndCompiled() {
        float[] x = new float[L];
        for (int i = 0; i < L; i++) x[i] = (float) Math.sin(i * 1.7) * (i % 3 == 0 ? 1e4f : 1e-3f);
        FloatVector v = FloatVector.fromArray(Simd.FLOATS, x, 0);
        float coldSum = Simd.sum(v);
        float[] coldExp = new float[L], hotExp = new float[L];
        Simd.exp(v.mul(1e-3f)).intoArray(coldExp, 0);
        float hotSum = 0;
        for (int k = 0; k < 100_000; k++) {
            hotSum = Simd.sum(v);
            Simd.exp(v.mul(1e-3f)).intoArray(hotExp, 0);
        }
        assertEquals(Float.floatToIntBits(coldSum), Float.floatToIntBits(hotSum), "sum cold " + coldSum + " hot " + hotSum);
        for (int i = 0; i < L; i++) assertEquals(Float.floatToIntBits(coldExp[i]), Float.floatToIntBits(hotExp[i]), "exp lane " + i);
        double seq = 0;
        for (float f : x) seq += f;
        assertEquals(seq, coldSum, Math.abs(seq) * 1e-5 + 1e-3, "the tree sum is a sum");
    }
}
