package facet.pded;

import facet.autograd.NoGrad;
import facet.autograd.Variable;
import facet.autograd.check.GradCheck;
import facet.autograd.check.Input;
import facet.autograd.check.Layout;
import facet.nn.Conv2d;
import facet.nn.models.ResNetConfig;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;

import static facet.GradientAsserts.assertGradient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoupler does what Eq. 9-10 say, per variant, checked against a naive float64 convolution
 * written here; every variant has the parameters it should.
 */
class PdedModelTest {

    /**
     * In eval mode (deterministic batch norm), each F_d equals a naive convolution of the feature it
     * came from, each stage receives exactly F^i - conv_i(F^i), and F_exp is what the variant's reading says.
     */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void eachDecouplerSubtractsExactlyItsConvolution(Variant v) {
        PdedModel m = Tiny.model(Tiny.config(PdedConfig.Input.IMAGE, v), 1);
        Tiny.randomiseDecouplers(m, 2);   // they start at zero, where every F_d check would hold trivially
        m.eval();
        try (var ng = NoGrad.enter()) {
            PdedModel.Output out = m.forward(Variable.constant(Tiny.images(2, 3)));
            List<Tensor> fd = out.domainFeatures().stream().map(Variable::data).toList();
            assertEquals(v.applications, fd.size(), "domain features");
            Tensor f = out.stages().get(3).data();
            switch (v) {
                case NONE -> { }
                case SINGLE -> f = f.sub(close("F_d", fd.get(0), naiveConv(f, m.decoupler(0).conv)));
                case CYCLIC -> {
                    for (int k = 0; k < 4; k++) f = f.sub(close("F_d of pass " + k, fd.get(k), naiveConv(f, m.decoupler(0).conv)));
                }
                case PARALLEL -> {
                    Tensor f4 = f;
                    for (int k = 0; k < 4; k++) f = f.sub(close("F_d of branch " + k, fd.get(k), naiveConv(f4, m.decoupler(k).conv)));
                }
                case PROGRESSIVE -> {
                    for (int i = 0; i < 4; i++) {
                        Tensor fi = out.stages().get(i).data();
                        f = fi.sub(close("F_d^" + (i + 1), fd.get(i), naiveConv(fi, m.decoupler(i).conv)));
                        if (i < 3) close("F^" + (i + 2) + " = stage(F^" + (i + 1) + " - F_d)", out.stages().get(i + 1).data(),
                                m.stage(i + 1).apply(Variable.constant(f)).data());
                    }
                }
            }
            close("GAP(F_exp)", out.expressionFeature().data(), f.mean(false, 2, 3));
        }
    }

    /** The expected count from the architecture, by formula: stem, stages, heads, and k*k*C*C + C + C*Dd + Dd per decoupler. */
    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyVariantHasTheParameterCountItShould(Variant v) {
        for (PdedConfig.Input input : PdedConfig.Input.values()) {
            PdedConfig c = Tiny.config(input, v).with(b -> b.domains = 3);
            PdedModel m = Tiny.model(c, 3);
            ResNetConfig r = c.resnet();
            int[] w = {r.stageWidth(0), r.stageWidth(1), r.stageWidth(2), r.stageWidth(3)};
            long expected = input == PdedConfig.Input.IMAGE ? 9L * 3 * w[0] + 2 * w[0]
                    : m.encoder.parameterCount() + (long) c.encoder().dim() * w[0] + 2 * w[0];
            for (int i = 0; i < 4; i++) expected += block(i == 0 ? w[0] : w[i - 1], w[i], i == 0 ? 1 : 2) + block(w[i], w[i], 1);
            expected += w[3] * 7L + 7;
            int k = c.decouplerKernel(), dd = w[3];
            for (int i = 0; i < v.decouplers; i++) {
                int ch = v == Variant.PROGRESSIVE ? w[i] : w[3];
                expected += (long) k * k * ch * ch + ch + (long) ch * dd + dd;
            }
            if (v != Variant.NONE) expected += dd * 3L + 3;
            assertEquals(expected, m.parameterCount(), v + " with the " + input + " input");
        }
    }

    private static long block(int in, int out, int stride) {
        long n = 9L * in * out + 2 * out + 9L * out * out + 2 * out;
        return in != out || stride != 1 ? n + (long) in * out + 2 * out : n;
    }

    /**
     * Under JOINT gradients, L_dom alone and L_exp alone each give every decoupler convolution a
     * finite, non-zero gradient; neither reaches the other's head, and L_exp no decoupler's
     * projection (which feeds F_dom only). SEPARATED is DecouplingGradientsTest's.
     */
    @ParameterizedTest
    @EnumSource(value = Variant.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void underJointGradientsBothLossesReachEveryDecoupler(Variant v) {
        PdedModel m = Tiny.model(Tiny.config(PdedConfig.Input.IMAGE, v).with(b -> b.gradients = PdedConfig.Gradients.JOINT), 4);
        Tiny.randomiseDecouplers(m, 3);   // at zero F_d is 0 and the projections get no gradient
        Tensor x = Tiny.images(5, 4), y = Tiny.ints(0, 3, 6, 2), d = Tiny.ints(0, 0, 1, 1);
        for (String which : List.of("L_dom", "L_exp")) {
            m.zeroGrad();
            PdedModel.LossTerms l = m.forwardLoss(m.forward(Variable.constant(x)), y, d);
            (which.equals("L_dom") ? l.domain() : l.expression()).backward();
            for (int k = 0; k < v.decouplers; k++) {
                assertGradient(which, "decoupler " + k + "'s convolution", m.decoupler(k).conv.weight);
                if (which.equals("L_dom")) assertGradient(which, "decoupler " + k + "'s projection", m.decoupler(k).project.weight);
                else assertNull(m.decoupler(k).project.weight.grad(), "L_exp reached decoupler " + k + "'s projection");
            }
            if (which.equals("L_dom")) assertNull(m.expressionHead.weight.grad(), "L_dom reached the expression head");
            else assertNull(m.domainHead.weight.grad(), "L_exp reached the domain head");
        }
    }

    /** Two domains: one logit and L_dom = mean(softplus(z) - z t) by hand; three: one logit per domain and cross-entropy. */
    @Test
    void theDomainHeadIsOneLogitForTwoDomainsAndOnePerDomainBeyond() {
        Tensor x = Tiny.images(6, 4), y = Tiny.ints(1, 2, 3, 4);
        PdedModel two = Tiny.model(Tiny.config(PdedConfig.Input.IMAGE, Variant.PROGRESSIVE), 7);
        PdedModel.Output out = two.forward(Variable.constant(x));
        assertArrayEquals(new int[] {4, 1}, out.domain().shape());
        double[] z = out.domain().data().toDoubleArray();
        int[] t = {0, 1, 1, 0};
        double bce = 0;
        for (int i = 0; i < 4; i++) bce += (Math.log1p(Math.exp(z[i])) - z[i] * t[i]) / 4;
        PdedModel.LossTerms l = two.forwardLoss(out, y, Tiny.ints(t));
        assertEquals(bce, l.domain().item(), 1e-5, "L_dom");
        assertEquals(l.expression().item() + bce, l.total().item(), 1e-5, "L_exp + 1 * L_dom");

        PdedModel three = Tiny.model(Tiny.config(PdedConfig.Input.IMAGE, Variant.PROGRESSIVE).with(b -> {
            b.domains = 3;
            b.lambda = 0.5;
        }), 7);
        PdedModel.Output o3 = three.forward(Variable.constant(x));
        assertArrayEquals(new int[] {4, 3}, o3.domain().shape());
        PdedModel.LossTerms l3 = three.forwardLoss(o3, y, Tiny.ints(0, 1, 2, 1));
        assertEquals(l3.expression().item() + 0.5 * l3.domain().item(), l3.total().item(), 1e-5, "L_exp + 0.5 * L_dom");
    }

    @Test
    void withoutDecouplingThereIsNoDomainHeadAndLDomIsZero() {
        PdedModel m = Tiny.model(Tiny.config(PdedConfig.Input.IMAGE, Variant.NONE), 8);
        PdedModel.Output out = m.forward(Variable.constant(Tiny.images(9, 2)));
        assertNull(out.domain());
        assertNull(m.domainHead);
        PdedModel.LossTerms l = m.forwardLoss(out, Tiny.ints(0, 1), Tiny.ints(0, 1));
        assertEquals(0.0, l.domain().item());
        assertEquals(l.expression().item(), l.total().item());
    }

    /** The encoder's 2x2 patch grid, upsampled x2, enters stage 1 at 4x4; a frozen encoder gets no gradient, a trained one does. */
    @Test
    void theEncoderMapEntersStageOneUpsampledAndTrainsUnlessFrozen() {
        for (PdedConfig.EncoderMode mode : PdedConfig.EncoderMode.values()) {
            PdedModel m = Tiny.model(Tiny.config(PdedConfig.Input.ENCODER, Variant.PROGRESSIVE).with(b -> b.encoderMode = mode), 10);
            PdedModel.Output out = m.forward(Variable.constant(Tiny.images(11, 2)));
            assertArrayEquals(new int[] {2, 4, 4, 4}, out.stages().get(0).shape(), "F^1");
            assertArrayEquals(new int[] {2, 32, 1, 1}, out.stages().get(3).shape(), "F^4");
            m.forwardLoss(out, Tiny.ints(0, 5), Tiny.ints(0, 1)).total().backward();
            for (var e : m.encoder.namedParameters().entrySet()) {
                if (mode == PdedConfig.EncoderMode.FROZEN) assertNull(e.getValue().grad(), "the frozen encoder's " + e.getKey() + " got a gradient");
                else assertGradient("L_ft", "the trained encoder's " + e.getKey(), e.getValue());
            }
            assertGradient("L_ft", "the adapter", ((Conv2d) m.namedModules().get("stem.0")).weight);
        }
    }

    /** The Layer view gives forward's expression logits and switches the model's mode. */
    @Test
    void theClassifierViewIsTheModelsExpressionLogits() {
        PdedModel m = Tiny.model(Tiny.config(PdedConfig.Input.IMAGE, Variant.CYCLIC), 14);
        var classifier = m.expressionClassifier();
        classifier.eval();
        assertTrue(!m.isTraining() && !m.stage(2).isTraining(), "eval() did not reach the model");
        Tensor x = Tiny.images(15, 3);
        close("logits", classifier.apply(Variable.constant(x)).data(), m.forward(Variable.constant(x)).expression().data());
        assertEquals(m.parameterCount(), classifier.parameterCount());
    }

    /** Nearest upsampling repeats each value in a u x u block; its gradient (composed from views) against central differences. */
    @Test
    void upsamplingRepeatsEachValueInABlock() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor y = PdedModel.upsampleNearest(Variable.constant(x), 2).data();
        assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4}, y.toFloatArray());
        Input in = new Input("x", new int[] {2, 3, 4, 5}, Layout.TRANSPOSED, Tensor.randn(new Generator(16), DType.F64, 5, 4, 3, 2), true);
        GradCheck.Result r = GradCheck.gradient(v -> PdedModel.upsampleNearest(v.get(0), 3), List.of(in), 17);
        assertTrue(r.error() < 1e-6, "upsampling's gradient (each block's sum): " + r);
    }

    @Test
    void badInputsAreNamedInOneSentence() {
        PdedModel m = Tiny.model(Tiny.config(PdedConfig.Input.IMAGE, Variant.PROGRESSIVE), 12);
        var e = assertThrows(IllegalArgumentException.class, () -> m.forward(Variable.constant(Tensor.zeros(2, 3, 16, 16))));
        assertEquals("PdedModel: built for (B, 3, 8, 8) images, got [2, 3, 16, 16]", e.getMessage());
        PdedModel.Output out = m.forward(Variable.constant(Tiny.images(13, 2)));
        e = assertThrows(IllegalArgumentException.class, () -> m.forwardLoss(out, Tiny.ints(0, 1, 2), Tiny.ints(0, 1)));
        assertEquals("PdedModel.forwardLoss: expression labels must be int32 of shape (2), got I32 [3]", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tiny.model(Tiny.config(PdedConfig.Input.IMAGE, Variant.NONE), 0)
                .forward(Variable.constant(Tensor.zeros(8, 8))));
        assertTrue(e.getMessage().startsWith("PdedModel: expects a rank-4 tensor (B, 3, H, W)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Variant.parse("sideways"));
        assertEquals("variant 'sideways' is not one of [none, single, parallel, cyclic, progressive]", e.getMessage());
    }

    // =========================================================================================
    // Helpers
    // =========================================================================================

    /** Asserts got equals want to 1e-5 of want's largest entry (float32 against float64), printing the worst element; returns got. */
    static Tensor close(String what, Tensor got, Tensor want) {
        assertArrayEquals(want.shape(), got.shape(), what + ": shape");
        double[] g = got.toDoubleArray(), e = want.toDoubleArray();
        double scale = 1e-3, worst = 0;
        int at = -1;
        for (double v : e) scale = Math.max(scale, Math.abs(v));
        for (int i = 0; i < e.length; i++) {
            double d = Math.abs(g[i] - e[i]);
            if (d > worst) { worst = d; at = i; }
        }
        double w = worst;
        int a = at;
        assertTrue(w <= 1e-5 * scale, () -> what + ": worst difference " + w + " at " + a + " (got " + g[a] + ", want " + e[a] + ")");
        return got;
    }

    /** conv with stride 1 and "same" zero padding, in float64 loops: x (B, C, h, w), weight (C, C, k, k), bias (C). */
    static Tensor naiveConv(Tensor x, Conv2d conv) {
        int[] s = x.shape();
        int b = s[0], c = s[1], h = s[2], wd = s[3], k = conv.weight.size(2), p = k / 2;
        double[] in = x.toDoubleArray(), w = conv.weight.data().toDoubleArray(), bias = conv.bias.data().toDoubleArray();
        double[] out = new double[in.length];
        for (int n = 0; n < b; n++)
            for (int o = 0; o < c; o++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < wd; j++) {
                        double acc = bias[o];
                        for (int ci = 0; ci < c; ci++)
                            for (int u = 0; u < k; u++)
                                for (int v = 0; v < k; v++) {
                                    int ii = i + u - p, jj = j + v - p;
                                    if (ii >= 0 && ii < h && jj >= 0 && jj < wd) acc += in[((n * c + ci) * h + ii) * wd + jj] * w[((o * c + ci) * k + u) * k + v];
                                }
                        out[((n * c + o) * h + i) * wd + j] = acc;
                    }
        return Tensor.of(out, s);
    }
}
