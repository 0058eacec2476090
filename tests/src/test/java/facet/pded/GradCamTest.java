package facet.pded;

import facet.autograd.Conv;
import facet.autograd.Index;
import facet.autograd.Pool2d;
import facet.autograd.Variable;
import facet.tensor.ConvParams;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grad-CAM's gradient against finite differences, its formula, and the model-level map. */
class GradCamTest {

    /**
     * A = conv(x, w1) feeds score = sum_b logits[b, class_b], logits = GAP(relu(conv(A, w2))) W3, in
     * float64. The map Grad-CAM returns must equal relu(sum_c alpha A) with alpha the spatial mean
     * of dScore/dA taken by central differences of the score in every element of A.
     */
    @Test
    void theMapMatchesOneBuiltFromFiniteDifferencesOfTheScore() {
        Generator g = new Generator(21);
        Tensor x = randn(g, 2, 3, 6, 6), w1 = randn(g, 4, 3, 3, 3), w2 = randn(g, 5, 4, 3, 3).mul(0.3), w3 = randn(g, 5, 3);
        Tensor classes = Tiny.ints(2, 0);
        UnaryOperator<Variable> score = a -> {
            Variable h = Conv.conv2d(a, Variable.constant(w2), null, ConvParams.of(1, 1)).relu();
            Variable logits = Pool2d.globalAvgPool(h).matmul(Variable.constant(w3));
            return Index.gather(logits, 1, classes.reshape(2, 1)).sum();
        };
        Variable w1p = Variable.param(w1);
        Variable a = Conv.conv2d(Variable.constant(x), w1p, null, ConvParams.of(1, 1));
        Tensor cam = GradCam.map(a, score.apply(a));

        double[] av = a.data().toDoubleArray(), dA = new double[av.length];
        double h = 1e-5;
        for (int i = 0; i < av.length; i++) {
            double[] plus = av.clone(), minus = av.clone();
            plus[i] += h;
            minus[i] -= h;
            dA[i] = (score.apply(Variable.constant(Tensor.of(plus, a.shape()))).item()
                    - score.apply(Variable.constant(Tensor.of(minus, a.shape()))).item()) / (2 * h);
        }
        double worstGrad = 0;
        double[] retained = a.grad().toDoubleArray();
        for (int i = 0; i < av.length; i++) worstGrad = Math.max(worstGrad, Math.abs(retained[i] - dA[i]));
        assertTrue(worstGrad < 1e-7, "retained dScore/dA differs from the finite difference by " + worstGrad);

        double[] want = new double[2 * 36], got = cam.toDoubleArray();
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 4; c++) {
                double alpha = 0;
                for (int p = 0; p < 36; p++) alpha += dA[(b * 4 + c) * 36 + p] / 36;
                for (int p = 0; p < 36; p++) want[b * 36 + p] += alpha * av[(b * 4 + c) * 36 + p];
            }
        }
        for (int i = 0; i < want.length; i++) assertEquals(Math.max(0, want[i]), got[i], 1e-7, "map at " + i);
        assertArrayEquals(new int[] {2, 6, 6}, cam.shape());
    }

    /** In eval mode a sample's map does not depend on its batch-mates; maps are non-negative, not all zero, and gradients are cleared. */
    @Test
    void theModelMapIsPerSampleNonNegativeAndLeavesNoGradients() {
        PdedModel m = Tiny.model(Tiny.config(PdedConfig.Input.IMAGE, Variant.PROGRESSIVE), 22);
        m.eval();
        Tensor x = Tiny.images(23, 4), classes = Tiny.ints(3, 1, 0, 6);
        Tensor batch = GradCam.map(m, x, classes, 0);
        assertArrayEquals(new int[] {4, 8, 8}, batch.shape());
        assertTrue(batch.min(false).item() >= 0, "negative Grad-CAM value");
        assertTrue(batch.sum().item() > 0, "every map is zero");
        Tensor alone = GradCam.map(m, x.narrow(0, 1, 1), classes.narrow(0, 1, 1), 0);
        PdedModelTest.close("sample 1 alone vs in its batch", alone, batch.narrow(0, 1, 1));
        assertArrayEquals(new int[] {4, 2, 2}, GradCam.map(m, x, classes, 2).shape());
        m.parameters().forEach(p -> assertNull(p.grad(), "a gradient was left behind"));
    }

    private static Tensor randn(Generator g, int... shape) { return Tensor.randn(g, DType.F64, shape); }
}
