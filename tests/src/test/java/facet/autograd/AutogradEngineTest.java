package facet.autograd;

import facet.tensor.DType;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's contract: accumulation, broadcasting, no-grad, detach, and freeing the graph. */
class AutogradEngineTest {
    static Variable param(double... v) { return Variable.param(Tensor.of(v, v.length)); }

    @Test
    void gradientsAccumulateOverEveryUseOfAVariable() {
        Variable x = param(1.5, -2.0);
        // f = sum(x * x + 3x) -> df/dx = 2x + 3
        x.mul(x).add(x.mul(3)).sum().backward();
        assertArrayEquals(new double[] {6.0, -1.0}, x.grad().toDoubleArray(), 1e-6);
    }

    @Test
    void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
        Variable x = param(2.0);
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertEquals(8.0, x.grad().item(), 1e-6);
        x.zeroGrad();
        assertNull(x.grad());
    }

    @Test
    void broadcastGradientsAreSummedBackToTheInputShape() {
        Variable a = Variable.param(Tensor.ones(2, 3)), b = Variable.param(Tensor.of(new float[] {1, 2, 3}, 3));
        a.mul(b).sum().backward();
        assertArrayEquals(new int[] {3}, b.grad().shape());
        assertArrayEquals(new double[] {2, 2, 2}, b.grad().toDoubleArray(), 1e-6);
        assertArrayEquals(new double[] {1, 2, 3, 1, 2, 3}, a.grad().toDoubleArray(), 1e-6);
    }

    @Test
    void explicitUpstreamGradientForNonScalarOutputs() {
        Variable x = param(1, 2, 3);
        Variable y = x.mul(x);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, y::backward);
        assertTrue(e.getMessage().contains("[3]"), e.getMessage());
        y.backward(Tensor.of(new double[] {1, 0, -1}, 3));
        assertArrayEquals(new double[] {2, 0, -6}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void noGradScopeRecordsNothingAndNests() {
        Variable x = param(1.0);
        try (NoGrad outer = NoGrad.enter()) {
            try (NoGrad inner = NoGrad.enter()) {
                assertFalse(x.mul(x).requiresGrad());
            }
            assertFalse(NoGrad.gradEnabled());
            assertFalse(x.exp().requiresGrad());
        }
        assertTrue(NoGrad.gradEnabled());
        assertTrue(x.exp().requiresGrad());
    }

    @Test
    void detachCutsTheGraph() {
        Variable x = param(3.0);
        x.mul(x.detach()).sum().backward();
        assertEquals(3.0, x.grad().item(), 1e-12);   // only the attached factor contributes
    }

    @Test
    void aSecondBackwardThroughAFreedGraphFailsClearly() {
        Variable x = param(1.0, 2.0);
        Variable loss = x.reshape(1, 2).matmul(x.reshape(2, 1));
        loss.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward);
        assertTrue(e.getMessage().contains("matmul") && e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Variable x = param(1.0, 2.0);
        Variable loss = x.matmul(x);
        loss.backward(Tensor.scalar(1.0, DType.F64), true);
        loss.backward(Tensor.scalar(1.0, DType.F64), false);
        assertArrayEquals(new double[] {4, 8}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void deepGraphsDoNotOverflowTheStack() {
        Variable x = param(1.0);
        Variable y = x;
        for (int i = 0; i < 20_000; i++) y = y.mul(1.0001);
        y.sum().backward();
        assertEquals(Math.pow(1.0001, 20_000), x.grad().item(), 1e-6);
    }

    @Test
    void constantsCollectNoGradient() {
        Variable c = Variable.constant(Tensor.of(new double[] {2.0}, 1)), x = param(3.0);
        x.mul(c).sum().backward();
        assertNull(c.grad());
        assertEquals(2.0, x.grad().item(), 1e-12);
    }

    @Test
    void setGradReplacesALeafsGradientAndChecksItsShape() {
        Variable x = param(1.0, 2.0);
        x.setGrad(Tensor.of(new double[] {5, 6}, 2));
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {7, 10}, x.grad().toDoubleArray(), 1e-12, "backward accumulates onto the replaced gradient");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> x.setGrad(Tensor.zeros(DType.F64, 3)));
        assertTrue(e.getMessage().contains("[3] does not match [2]"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> x.mul(x).setGrad(Tensor.zeros(DType.F64, 2)));
    }
}
