package facet.nn;

import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Init distributions: their bounds and moments on 10^5 draws, and PyTorch's fan rules. */
class InitTest {
    static final int N = 100_000;

    static double mean(Tensor t) { return t.mean().item(); }

    static double std(Tensor t) { return Math.sqrt(t.var(false, 0).item()); }

    @Test
    void fansFollowPyTorch() {
        assertEquals(3 * 9, Init.fanIn(8, 3, 3, 3));
        assertEquals(8 * 9, Init.fanOut(8, 3, 3, 3));
        assertEquals(5, Init.fanIn(7, 5));
        assertThrows(IllegalArgumentException.class, () -> Init.fanIn(4));
    }

    /**
     * N(0, 1) truncated to [-0.5, 1] has mean (phi(-0.5) - phi(1)) / (Phi(1) - Phi(-0.5)) = 0.2066:
     * redrawing gives that; clamping would pile mass on the bounds and give another mean.
     */
    @Test
    void truncNormalRedrawsOutsideTheBoundsSoTheShapeIsTheTruncatedNormal() {
        Tensor t = Init.truncNormal(new Generator(1), 0, 1, -0.5, 1, N);
        assertTrue(t.min(false).item() >= -0.5 && t.max(false).item() <= 1, "values escaped [-0.5, 1]");
        assertEquals(0.2066, mean(t), 0.01);
        assertTrue(t.eq(1).sum().item() < 5, "no pile-up on the bound");
        assertThrows(IllegalArgumentException.class, () -> Init.truncNormal(new Generator(1), 0, 0.02, 1, 2, 4));
    }

    @Test
    void xavierUniformHasTheGlorotBoundAndVariance() {
        Tensor t = Init.xavierUniform(new Generator(2), 200, 500);
        double r = Math.sqrt(6.0 / 700);
        assertTrue(t.abs().max(false).item() <= r);
        assertEquals(r / Math.sqrt(3), std(t.flatten()), 0.01 * r);
    }

    @Test
    void kaimingNormalHasStdGainOverSqrtFan() {
        Tensor in = Init.kaimingNormal(new Generator(3), Init.FanMode.FAN_IN, Init.RELU_GAIN, 100, 50, 2, 2);
        assertEquals(Math.sqrt(2.0 / 200), std(in.flatten()), 0.01 * Math.sqrt(2.0 / 200));
        Tensor out = Init.kaimingNormal(new Generator(3), Init.FanMode.FAN_OUT, 1.0, 100, 50, 2, 2);
        assertEquals(Math.sqrt(1.0 / 400), std(out.flatten()), 0.01 * Math.sqrt(1.0 / 400));
        assertEquals(0, mean(out), 3 * Math.sqrt(1.0 / 400 / 20_000));
    }

    @Test
    void aSeedFixesTheValues() {
        assertArrayEquals(Init.xavierUniform(new Generator(4), 3, 5).toFloatArray(), Init.xavierUniform(new Generator(4), 3, 5).toFloatArray());
    }
}
