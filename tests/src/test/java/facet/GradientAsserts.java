package facet;

import facet.autograd.Variable;
import facet.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on the gradients a backward pass leaves, shared by the model tests. */
public final class GradientAsserts {
    private GradientAsserts() {}

    /** p's gradient exists, is finite, and is not all zero, or the failure names the parameter and what it got. */
    public static void assertGradient(String loss, String name, Variable p) {
        Tensor g = p.grad();
        assertNotNull(g, loss + " did not reach " + name);
        double[] v = g.toDoubleArray();
        double max = 0;
        for (int i = 0; i < v.length; i++) {
            assertTrue(Double.isFinite(v[i]), loss + " gives " + name + " a non-finite gradient " + v[i] + " at " + i);
            max = Math.max(max, Math.abs(v[i]));
        }
        assertTrue(max > 0, loss + " gives " + name + " an all-zero gradient (" + v.length + " elements)");
    }
}
