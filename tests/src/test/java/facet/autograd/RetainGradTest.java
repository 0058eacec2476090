package facet.autograd;

import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Variable.retainGrad: a non-leaf keeps the gradient the engine computed for it, summed over its uses, as a leaf does. */
class RetainGradTest {
    static Variable param(double... v) { return Variable.param(Tensor.of(v, v.length)); }

    /** y = x * x used twice: z = sum(y * c) + sum(y), so dz/dy = c + 1 (by hand) and dz/dx = 2 x (c + 1). */
    @Test
    void aRetainedNonLeafHoldsItsGradientSummedOverItsUses() {
        Variable x = param(1.5, -2.0, 0.5), c = Variable.constant(Tensor.of(new double[] {3, -1, 2}, 3));
        Variable y = x.mul(x).retainGrad(), unretained = x.add(1);
        y.mul(c).sum().add(y.sum()).add(unretained.sum()).backward();
        assertArrayEquals(new double[] {4, 0, 3}, y.grad().toDoubleArray(), 1e-12, "dz/dy");
        assertArrayEquals(new double[] {2 * 1.5 * 4 + 1, 2 * -2.0 * 0 + 1, 2 * 0.5 * 3 + 1}, x.grad().toDoubleArray(), 1e-12, "dz/dx");
        assertNull(unretained.grad(), "a non-leaf that was not retained keeps no gradient");
    }

    /** The retained gradient against a central difference of z in y, with z = sum(tanh(y) * w) and y = x w' (a matmul). */
    @Test
    void theRetainedGradientMatchesAFiniteDifference() {
        Tensor w = Tensor.of(new double[] {0.3, -1.2, 0.8, 0.5, 0.1, -0.7}, 2, 3);
        Variable x = Variable.param(Tensor.of(new double[] {0.4, -0.9, 1.1, 0.2}, 2, 2));
        Variable y = x.matmul(Variable.constant(w)).retainGrad();
        y.tanh().mul(Variable.constant(w)).sum().backward();
        double[] yv = y.data().toDoubleArray(), wv = w.toDoubleArray(), got = y.grad().toDoubleArray();
        double h = 1e-5;
        for (int i = 0; i < yv.length; i++) {
            double numeric = (Math.tanh(yv[i] + h) - Math.tanh(yv[i] - h)) * wv[i] / (2 * h);
            assertEquals(numeric, got[i], 1e-8, "dz/dy at " + i);
        }
    }

    @Test
    void retainedGradientsAccumulateAcrossBackwardsAndTheRootCanBeRetained() {
        Variable x = param(2.0);
        Variable y = x.mul(x).retainGrad();
        Variable z = y.mul(3).sum().retainGrad();
        z.backward(z.data().onesLike(), true);
        z.backward(z.data().onesLike(), true);
        assertEquals(6.0, y.grad().item(), 1e-12, "two backwards of dz/dy = 3");
        assertEquals(2.0, z.grad().item(), 1e-12, "the root's own gradient, twice");
        y.zeroGrad();
        assertNull(y.grad());
    }

    @Test
    void retainingAVariableThatNeedsNoGradientFailsWithAReason() {
        Variable k = Variable.constant(Tensor.ones(2)).mul(2);
        var e = assertThrows(IllegalStateException.class, k::retainGrad);
        assertTrue(e.getMessage().startsWith("retainGrad: this variable does not require grad"), e.getMessage());
    }
}
