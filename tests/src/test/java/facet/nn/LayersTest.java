package facet.nn;

import facet.autograd.Conv;
import facet.autograd.Variable;
import facet.autograd.check.GradCheck;
import facet.autograd.check.Input;
import facet.autograd.check.Layout;
import facet.tensor.ConvParams;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each layer against hand-computed values or the functional op it wraps; composite layers also by gradient check. */
class LayersTest {
    static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), DType.F64, shape); }

    @Test
    void linearIsXTimesWTransposedPlusBOverTheLastDim() {
        Linear l = new Linear(3, 2, new Generator(1));
        l.to(DType.F64);
        double[] w = l.weight.data().toDoubleArray(), b = l.bias.data().toDoubleArray();
        Tensor x = randn(2, 2, 4, 3);   // (B, N, I): leading dims fold and unfold
        double[] xs = x.toDoubleArray(), got = l.apply(Variable.constant(x)).data().toDoubleArray();
        assertEquals(2 * 4 * 2, got.length);
        for (int r = 0; r < 8; r++) {
            for (int o = 0; o < 2; o++) {
                double want = b[o];
                for (int i = 0; i < 3; i++) want += xs[r * 3 + i] * w[o * 3 + i];
                assertEquals(want, got[r * 2 + o], 1e-12, "row " + r + ", output " + o);
            }
        }
    }

    @Test
    void linearWeightGradientIsDOutTransposedTimesX() {
        Linear l = new Linear(3, 2, false, new Generator(3));
        l.to(DType.F64);
        Tensor x = randn(4, 5, 3), r = randn(5, 5, 2);
        l.apply(Variable.constant(x)).mul(Variable.constant(r)).sum().backward();
        assertArrayEquals(r.transpose(0, 1).matmul(x).toDoubleArray(), l.weight.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void linearRefusesAWrongInputWidth() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Linear(3, 2, new Generator(1)).apply(Variable.constant(Tensor.zeros(2, 4))));
        assertTrue(e.getMessage().contains("Linear(3 -> 2): expects input (..., 3), got [2, 4]"), e.getMessage());
    }

    @Test
    void defaultInitIsPyTorchsUniformWithinOneOverSqrtFanIn() {
        Conv2d c = new Conv2d(4, 8, 3, ConvParams.of(1, 1), true, new Generator(6));
        double bound = 1 / Math.sqrt(4 * 9);
        double maxW = c.weight.data().abs().max(false).item(), maxB = c.bias.data().abs().max(false).item();
        assertTrue(maxW <= bound && maxW > 0.8 * bound, "weight max |w| " + maxW + " vs bound " + bound);
        assertTrue(maxB <= bound, "bias max |b| " + maxB + " vs bound " + bound);
    }

    @Test
    void conv2dLayerEqualsTheFunctionalOp() {
        ConvParams p = ConvParams.of(2, 1).groups(2);
        Conv2d c = new Conv2d(4, 6, 3, p, true, new Generator(7));
        Tensor x = Tensor.randn(new Generator(8), DType.F32, 2, 4, 7, 7);
        Tensor want = Conv.conv2d(Variable.constant(x), c.weight, c.bias, p).data();
        Tensor got = c.apply(Variable.constant(x)).data();
        assertArrayEquals(new int[] {2, 6, 4, 4}, got.shape());
        assertArrayEquals(want.toFloatArray(), got.toFloatArray(), 0);
    }

    /** Channel 0 holds 1, 2, 3, 4 and channel 1 holds 0, 0, 0, 8 over a (2, 2, 1, 2) input. */
    @Test
    void batchNormUpdatesRunningStatisticsByMomentumAndUsesThemInEval() {
        BatchNorm2d bn = new BatchNorm2d(2);
        Tensor x = Tensor.of(new float[] {1, 2, 0, 0, 3, 4, 0, 8}, 2, 2, 1, 2);
        Tensor y = bn.apply(Variable.constant(x)).data();
        // channel 0: mean 2.5, biased var 1.25, unbiased 5/3; channel 1: mean 2, biased var 12, unbiased 16
        assertArrayEquals(new float[] {0.25f, 0.2f}, bn.runningMean().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[] {0.9f + 0.1f * 5 / 3f, 0.9f + 1.6f}, bn.runningVar().toFloatArray(), 1e-6f);
        double s0 = 1 / Math.sqrt(1.25 + 1e-5);
        assertEquals(-1.5 * s0, y.get(0, 0, 0, 0), 1e-5);
        assertEquals(1.5 * s0, y.get(1, 0, 0, 1), 1e-5);
        bn.eval();
        Tensor e = bn.apply(Variable.constant(x)).data();
        assertEquals((4 - 0.25) / Math.sqrt(0.9 + 0.1 * 5 / 3.0 + 1e-5), e.get(1, 0, 0, 1), 1e-5);
        assertArrayEquals(new float[] {0.25f, 0.2f}, bn.runningMean().toFloatArray(), 1e-6f, "eval must not move the running mean");
    }

    @Test
    void batchNormRefusesOneValuePerChannelInTraining() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).apply(Variable.constant(Tensor.zeros(1, 3, 1, 1))));
        assertTrue(e.getMessage().contains("more than one value per channel"), e.getMessage());
    }

    @Test
    void layerNormStandardisesTheLastDimThenScalesAndShifts() {
        LayerNorm ln = new LayerNorm(4, 1e-6);
        ln.weight.data().assign(Tensor.of(new float[] {1, 2, 1, 1}, 4));
        ln.bias.data().assign(Tensor.of(new float[] {0, 0, 0, 10}, 4));
        float[] y = ln.apply(Variable.constant(Tensor.of(new float[] {1, 2, 3, 4}, 1, 4))).data().toFloatArray();
        double s = 1 / Math.sqrt(1.25 + 1e-6);   // mean 2.5, biased var 1.25
        assertArrayEquals(new float[] {(float) (-1.5 * s), (float) (-1.0 * s), (float) (0.5 * s), (float) (1.5 * s + 10)}, y, 1e-5f);
    }

    @Test
    void dropoutIsTheIdentityInEvalAndScalesSurvivorsInTraining() {
        Dropout d = new Dropout(0.25, new Generator(9));
        Variable x = Variable.constant(Tensor.ones(100, 100));
        float[] y = d.apply(x).data().toFloatArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0) zeros++;
            else assertEquals(1 / 0.75f, v, 1e-6f);
        }
        assertEquals(0.25, zeros / 1e4, 0.02, "fraction dropped");
        d.eval();
        assertSame(x, d.apply(x));
    }

    @Test
    void dropPathDropsWholeSamplesAndKeepsTheExpectation() {
        DropPath dp = new DropPath(0.5, new Generator(10));
        float[] y = dp.apply(Variable.constant(Tensor.ones(400, 3, 5))).data().toFloatArray();
        int dropped = 0;
        for (int b = 0; b < 400; b++) {
            float first = y[b * 15];
            for (int i = 1; i < 15; i++) assertEquals(first, y[b * 15 + i], "sample " + b + " is not all kept or all dropped");
            assertTrue(first == 0 || first == 2f, "a kept sample is scaled by 1/(1-p): " + first);
            if (first == 0) dropped++;
        }
        assertEquals(200, dropped, 40);
        dp.eval();
        Variable x = Variable.constant(Tensor.ones(2, 3));
        assertSame(x, dp.apply(x));
    }

    @Test
    void selfAttentionMatchesAPerHeadComputationFromItsWeights() {
        int b = 2, n = 5, d = 6, h = 3, dh = 2;
        MultiHeadSelfAttention a = new MultiHeadSelfAttention(d, h, true, new Generator(11));
        a.to(DType.F64);
        Tensor x = randn(12, b, n, d);
        Tensor got = a.apply(Variable.constant(x)).data();
        // the reference: plain tensor ops, one head at a time, q/k/v rows of qkv.weight in that order
        Tensor qkv = x.matmul(a.qkv.weight.data().transpose(0, 1)).add(a.qkv.bias.data());   // (B, N, 3D)
        Tensor[] heads = new Tensor[h];
        for (int i = 0; i < h; i++) {
            Tensor q = qkv.narrow(2, i * dh, dh), k = qkv.narrow(2, d + i * dh, dh), v = qkv.narrow(2, 2 * d + i * dh, dh);
            heads[i] = q.matmul(k.transpose(1, 2)).div(Math.sqrt(dh)).softmax(-1).matmul(v);
        }
        Tensor want = facet.tensor.Index.cat(2, heads).matmul(a.proj.weight.data().transpose(0, 1)).add(a.proj.bias.data());
        assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 1e-12);
    }

    @Test
    void selfAttentionRespectsAMask() {
        MultiHeadSelfAttention a = new MultiHeadSelfAttention(4, 2, true, new Generator(13));
        a.to(DType.F64);
        Tensor x = randn(14, 1, 3, 4);
        // a causal mask: token 0 sees only itself, so changing token 2 must not change output 0
        Tensor causal = Tensor.of(new double[] {1, 0, 0, 1, 1, 0, 1, 1, 1}, 3, 3);
        Tensor y1 = a.forward(Variable.constant(x), causal).data();
        Tensor x2 = x.copy();
        x2.narrow(1, 2, 1).assign(Tensor.scalar(7.0, DType.F64));
        Tensor y2 = a.forward(Variable.constant(x2), causal).data();
        assertArrayEquals(y1.narrow(1, 0, 2).toDoubleArray(), y2.narrow(1, 0, 2).toDoubleArray(), 1e-12);
        assertTrue(y1.narrow(1, 2, 1).sub(y2.narrow(1, 2, 1)).abs().max(false).item() > 1e-3);
    }

    /** The whole pre-norm block in float64 against central differences, with respect to its input. */
    @Test
    void transformerBlockInputGradientMatchesNumericalDifferences() {
        TransformerBlock blk = new TransformerBlock(8, 2, 2.0, true, 0, 0, new Generator(15));
        blk.to(DType.F64);
        Input x = new Input("x", new int[] {2, 3, 8}, Layout.CONTIGUOUS, randn(16, 2, 3, 8), true);
        GradCheck.Result r = GradCheck.gradient(in -> blk.apply(in.get(0)), List.of(x), 17);
        assertTrue(r.error() < 1e-6, r.toString());
    }

    @Test
    void patchEmbeddingIsALinearMapOfEachRowMajorPatch() {
        int p = 2, c = 3, s = 4, d = 5;
        PatchEmbed pe = new PatchEmbed(s, p, c, d, new Generator(18));
        pe.to(DType.F64);
        Tensor x = randn(19, 2, c, s, s);
        Tensor got = pe.apply(Variable.constant(x)).data();
        assertArrayEquals(new int[] {2, 4, d}, got.shape());
        // patchify: (B, C, gh, P, gw, P) -> (B, gh, gw, C, P, P) -> (B, N, C*P*P), then times W^T as a matrix
        Tensor patches = x.reshape(2, c, 2, p, 2, p).permute(0, 2, 4, 1, 3, 5).reshape(2, 4, c * p * p);
        Tensor want = patches.matmul(pe.proj.weight.data().reshape(d, -1).transpose(0, 1)).add(pe.proj.bias.data());
        assertArrayEquals(want.toDoubleArray(), got.toDoubleArray(), 1e-12);
        var e = assertThrows(IllegalArgumentException.class, () -> pe.apply(Variable.constant(randn(1, 1, c, 6, 6))));
        assertTrue(e.getMessage().contains("built for 4x4 images"), e.getMessage());
    }

    /** D = 8, grid 2: w = (1, 0.01); token t = 2 is row 1, column 0. */
    @Test
    void sinCosEmbeddingPutsTheColumnFirstAsMaeDoes() {
        Tensor e = PositionalEmbedding.sinCos2d(8, 2, true);
        assertArrayEquals(new int[] {5, 8}, e.shape());
        assertArrayEquals(new float[8], e.narrow(0, 0, 1).toFloatArray(), "the class token's row is zero");
        float[] t2 = e.narrow(0, 1 + 2, 1).toFloatArray();
        assertArrayEquals(new float[] {0, 0, 1, 1, (float) Math.sin(1), (float) Math.sin(0.01), (float) Math.cos(1), (float) Math.cos(0.01)}, t2, 1e-6f);
        float[] t1 = e.narrow(0, 1 + 1, 1).toFloatArray();   // row 0, column 1
        assertEquals((float) Math.sin(1), t1[0], 1e-6f);
        assertEquals(0, t1[4], 1e-6f);
    }
}
