package facet.nn;

import facet.autograd.Variable;
import facet.tensor.DType;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The loss modules against values worked out by hand. */
class LossModulesTest {
    static Variable v(double... x) { return Variable.constant(Tensor.of(x, x.length)); }

    /** logits (1, 3) = [0, ln 2, ln 5]: p = (1/8, 2/8, 5/8). Smoothing 0.3 over 3 classes puts 0.8 on the label. */
    @Test
    void crossEntropyWithLabelSmoothing() {
        Variable logits = Variable.constant(Tensor.of(new double[] {0, Math.log(2), Math.log(5)}, 1, 3));
        Tensor label = Tensor.ofInts(new int[] {2}, 1);
        double lp0 = Math.log(1 / 8.0), lp1 = Math.log(2 / 8.0), lp2 = Math.log(5 / 8.0);
        assertEquals(-lp2, new Loss.CrossEntropy(0).forward(logits, label).item(), 1e-12);
        assertEquals(-(0.8 * lp2 + 0.1 * lp0 + 0.1 * lp1), new Loss.CrossEntropy(0.3).forward(logits, label).item(), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> new Loss.CrossEntropy(1.0));
    }

    @Test
    void bceWithLogitsIsStableForLargeLogits() {
        // targets 1, 0: -log sigmoid(x) and -log(1 - sigmoid(x)); at x = 100 the second is 100 (+ e^-100)
        double got = new Loss.BceWithLogits().forward(v(0, 100), Tensor.of(new double[] {1, 0}, 2)).item();
        assertEquals((Math.log(2) + 100) / 2, got, 1e-12);
    }

    @Test
    void mseAndL1AreMeansOverElements() {
        assertEquals((1 + 4 + 9) / 3.0, new Loss.Mse().forward(v(1, 2, 3), v(0, 0, 0)).item(), 1e-12);
        assertEquals((1 + 2 + 3) / 3.0, new Loss.L1().forward(v(1, -2, 3), v(0, 0, 0)).item(), 1e-12);
    }

    /** Two patches of D = 2 per image, only the second counts; norm_pix standardises each target patch first. */
    @Test
    void maskedMseCountsOnlyMaskedPatchesAndCanNormaliseTargets() {
        Variable pred = Variable.constant(Tensor.zeros(DType.F64, 1, 2, 2));
        Tensor target = Tensor.of(new double[] {100, 100, 1, 3}, 1, 2, 2), mask = Tensor.of(new double[] {0, 1}, 1, 2);
        assertEquals((1 + 9) / 2.0, new Loss.MaskedMse(false).forward(pred, target, mask).item(), 1e-12);
        // patch (1, 3): mean 2, unbiased var 2 -> targets -+1/sqrt(2 + 1e-6), squared error 1/(2 + 1e-6) each
        assertEquals(1 / (2 + 1e-6), new Loss.MaskedMse(true).forward(pred, target, mask).item(), 1e-12);
    }
}
