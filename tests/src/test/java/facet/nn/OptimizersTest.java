package facet.nn;

import facet.autograd.Variable;
import facet.nn.optim.AdamW;
import facet.nn.optim.GradClip;
import facet.nn.optim.LrSchedule;
import facet.nn.optim.Optimizer;
import facet.nn.optim.ParamGroup;
import facet.nn.optim.Sgd;
import facet.nn.models.ViTConfig;
import facet.nn.models.VisionTransformer;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Optimizer steps against updates computed by hand, groups, clipping, schedules and resumable state. */
class OptimizersTest {
    static Variable scalarParam(double v) { return Variable.param(Tensor.of(new double[] {v}, 1)); }

    static List<ParamGroup> group(Variable p, double wd) { return List.of(new ParamGroup(Map.of("p", p), wd, 1.0)); }

    static double stepWith(Optimizer o, Variable p, double grad) {
        p.setGrad(Tensor.of(new double[] {grad}, 1));
        o.step();
        return p.data().item();
    }

    @Test
    void sgdAddsL2WeightDecayToTheGradient() {
        Variable p = scalarParam(1);
        assertEquals(1 - 0.1 * (0.5 + 0.1 * 1), stepWith(new Sgd(group(p, 0.1), 0.1, 0, false), p, 0.5), 1e-15);
    }

    /** Constant gradient 1, lr 0.1, momentum 0.9: buf 1 then 1.9; Nesterov steps along g + 0.9 buf = 1.9, then 2.71. */
    @Test
    void sgdMomentumAndNesterovOverTwoSteps() {
        Variable p = scalarParam(1), q = scalarParam(1);
        Sgd heavy = new Sgd(group(p, 0), 0.1, 0.9, false), nesterov = new Sgd(group(q, 0), 0.1, 0.9, true);
        assertEquals(0.9, stepWith(heavy, p, 1), 1e-15);
        assertEquals(0.9 - 0.19, stepWith(heavy, p, 1), 1e-15);
        assertEquals(1 - 0.19, stepWith(nesterov, q, 1), 1e-15);
        assertEquals(1 - 0.19 - 0.271, stepWith(nesterov, q, 1), 1e-15);
    }

    /** Two AdamW steps (gradients 0.5 then -2) against the textbook scalar recurrences. */
    @Test
    void adamWDecaysDecoupledAndCorrectsBias() {
        double lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.05;
        Variable p = scalarParam(1);
        AdamW o = new AdamW(group(p, wd), lr, b1, b2, eps);
        double w = 1, m = 0, v = 0;
        double[] grads = {0.5, -2};
        for (int t = 1; t <= 2; t++) {
            double g = grads[t - 1];
            m = b1 * m + (1 - b1) * g;
            v = b2 * v + (1 - b2) * g * g;
            double mHat = m / (1 - Math.pow(b1, t)), vHat = v / (1 - Math.pow(b2, t));
            w = w * (1 - lr * wd) - lr * mHat / (Math.sqrt(vHat) + eps);
            assertEquals(w, stepWith(o, p, g), 1e-14, "step " + t);
        }
        // bias correction makes the first step about lr in size whatever the gradient's scale
        Variable r = scalarParam(0);
        assertEquals(-0.1, stepWith(new AdamW(group(r, 0), 0.1, b1, b2, eps), r, 1e-3), 1e-5);
    }

    @Test
    void noDecayGroupHoldsBiasesNormWeightsAndNamedSkips() {
        VisionTransformer m = new VisionTransformer(ViTConfig.of(8, 4, 8, 1, 2, 3), new Generator(1));
        List<ParamGroup> gs = ParamGroup.decayAndNoDecay(m, 0.05, Set.of("pos_embed"));
        assertEquals(0.0, gs.get(0).weightDecay());
        assertEquals(List.of("pos_embed", "patch_embed.proj.bias", "blocks.0.norm1.weight", "blocks.0.norm1.bias", "blocks.0.attn.qkv.bias",
                "blocks.0.attn.proj.bias", "blocks.0.norm2.weight", "blocks.0.norm2.bias", "blocks.0.mlp.fc1.bias", "blocks.0.mlp.fc2.bias",
                "norm.weight", "norm.bias", "head.bias"), List.copyOf(gs.get(0).params().keySet()));
        assertEquals(List.of("cls_token", "patch_embed.proj.weight", "blocks.0.attn.qkv.weight", "blocks.0.attn.proj.weight",
                "blocks.0.mlp.fc1.weight", "blocks.0.mlp.fc2.weight", "head.weight"), List.copyOf(gs.get(1).params().keySet()));
    }

    /**
     * MAE's layer-wise decay on a 2-block ViT (layers 0..3): the embedding learns at 0.5^3, block i at
     * 0.5^(2 - i), the final norm and head at 1; each layer split into decayed and exempt as decayAndNoDecay.
     */
    @Test
    void layerwiseDecayScalesEachLayerAndKeepsTheExemptions() {
        VisionTransformer m = new VisionTransformer(ViTConfig.of(8, 4, 8, 2, 2, 3), new Generator(1));
        ToIntFunction<String> layerOf = n -> n.startsWith("blocks.") ? Integer.parseInt(n.split("\\.")[1]) + 1
                : n.startsWith("cls_token") || n.startsWith("pos_embed") || n.startsWith("patch_embed") ? 0 : 3;
        List<ParamGroup> gs = ParamGroup.layerwise(m, 0.05, Set.of("pos_embed"), layerOf, 3, 0.5);
        Map<String, Double> scale = new LinkedHashMap<>(), decay = new LinkedHashMap<>();
        for (ParamGroup g : gs) for (String n : g.params().keySet()) {
            assertNull(scale.put(n, g.lrScale()), n + " is in two groups");
            decay.put(n, g.weightDecay());
        }
        assertEquals(m.namedParameters().keySet(), scale.keySet(), "every parameter in exactly one group");
        assertEquals(0.125, scale.get("cls_token"));
        assertEquals(0.125, scale.get("patch_embed.proj.weight"));
        assertEquals(0.25, scale.get("blocks.0.attn.qkv.weight"));
        assertEquals(0.5, scale.get("blocks.1.mlp.fc2.bias"));
        assertEquals(1.0, scale.get("head.weight"));
        assertEquals(1.0, scale.get("norm.weight"));
        List<ParamGroup> plain = ParamGroup.decayAndNoDecay(m, 0.05, Set.of("pos_embed"));
        for (ParamGroup g : plain) for (String n : g.params().keySet()) assertEquals(g.weightDecay(), decay.get(n), n + "'s weight decay");
        assertThrows(IllegalArgumentException.class, () -> ParamGroup.layerwise(m, 0.05, Set.of(), n -> 4, 3, 0.5));
    }

    /** rescale moves the selected parameters into groups of their own at factor x their group's rate, weight decay kept. */
    @Test
    void rescaleSplitsTheSelectedParametersOffWithTheirOwnRate() {
        VisionTransformer m = new VisionTransformer(ViTConfig.of(8, 4, 8, 1, 2, 3), new Generator(1));
        List<ParamGroup> gs = ParamGroup.rescale(ParamGroup.decayAndNoDecay(m, 0.05, Set.of()), n -> n.startsWith("head."), 0.1);
        assertEquals(4, gs.size(), "no-decay and decay groups, each split in two");
        for (ParamGroup g : gs) {
            boolean head = g.params().keySet().stream().allMatch(n -> n.startsWith("head."));
            assertTrue(head || g.params().keySet().stream().noneMatch(n -> n.startsWith("head.")), "a group mixes head and others: " + g.params().keySet());
            assertEquals(head ? 0.1 : 1.0, g.lrScale(), 1e-15, g.params().keySet().toString());
        }
        assertEquals(List.of(0.0, 0.0, 0.05, 0.05), gs.stream().map(ParamGroup::weightDecay).toList());
    }

    /** With a zero gradient the Adam part is 0, so only decay moves a parameter, and only in its group. */
    @Test
    void groupsApplyTheirOwnWeightDecayAndLearningRateScale() {
        Variable decayed = scalarParam(1), exempt = scalarParam(1), slow = scalarParam(1);
        AdamW o = new AdamW(List.of(new ParamGroup(Map.of("d", decayed), 0.1, 1.0), new ParamGroup(Map.of("e", exempt), 0, 1.0),
                new ParamGroup(Map.of("s", slow), 0.1, 0.5)), 0.2, 0.9, 0.999, 1e-8);
        for (Variable v : List.of(decayed, exempt, slow)) v.setGrad(Tensor.of(new double[] {0}, 1));
        o.step();
        assertEquals(1 - 0.2 * 0.1, decayed.data().item(), 1e-15);
        assertEquals(1, exempt.data().item(), 0);
        assertEquals(1 - 0.1 * 0.1, slow.data().item(), 1e-15);
    }

    @Test
    void parametersWithoutAGradientAreLeftAloneAndGetNoState() {
        Variable a = scalarParam(1), b = scalarParam(1);
        AdamW o = new AdamW(List.of(new ParamGroup(Map.of("a", a, "b", b), 0.1, 1)), 0.1, 0.9, 0.999, 1e-8);
        a.setGrad(Tensor.of(new double[] {1}, 1));
        o.step();
        assertEquals(1, b.data().item(), 0);
        assertTrue(o.stateDict().keySet().stream().allMatch(k -> k.startsWith("a.")), o.stateDict().keySet().toString());
    }

    @Test
    void aParameterInTwoGroupsIsRefused() {
        Variable a = scalarParam(1);
        var e = assertThrows(IllegalArgumentException.class, () -> new Sgd(List.of(new ParamGroup(Map.of("a", a), 0, 1),
                new ParamGroup(Map.of("a", a), 0, 1)), 0.1, 0, false));
        assertTrue(e.getMessage().contains("'a' is in two groups"), e.getMessage());
    }

    /** Gradients 3 and 4: global norm 5. */
    @Test
    void clippingScalesAllGradientsByTheGlobalNorm() {
        Variable a = scalarParam(0), b = scalarParam(0);
        a.setGrad(Tensor.of(new double[] {3}, 1));
        b.setGrad(Tensor.of(new double[] {4}, 1));
        Tensor before = a.grad();
        assertEquals(5, GradClip.globalNorm(List.of(a, b), 10), 1e-12);
        assertSame(before, a.grad(), "under the limit nothing changes");
        assertEquals(5, GradClip.globalNorm(List.of(a, b), 1), 1e-12);
        assertEquals(3 / (5 + 1e-6), a.grad().item(), 1e-12);
        assertEquals(4 / (5 + 1e-6), b.grad().item(), 1e-12);
    }

    /** d(a + b)/da and d(a + b)/db are one tensor object; scaling in place would clip it twice. */
    @Test
    void clippingGradientsThatShareStorageScalesEachOnce() {
        Variable a = scalarParam(1), b = scalarParam(2);
        a.add(b).mul(10).sum().backward();
        double norm = GradClip.globalNorm(List.of(a, b), 1);
        assertEquals(Math.sqrt(200), norm, 1e-12);
        assertEquals(10 / (norm + 1e-6), a.grad().item(), 1e-12);
        assertEquals(10 / (norm + 1e-6), b.grad().item(), 1e-12);
    }

    @Test
    void clippingANonFiniteNormChangesNothing() {
        Variable a = scalarParam(0);
        a.setGrad(Tensor.of(new double[] {Double.NaN}, 1));
        assertTrue(Double.isNaN(GradClip.globalNorm(List.of(a), 1)));
        assertTrue(Double.isNaN(a.grad().item()));
    }

    @Test
    void warmupCosineRisesLinearlyThenFollowsHalfACosine() {
        LrSchedule s = LrSchedule.warmupCosine(1.0, 0.1, 10, 110);
        assertEquals(0, s.at(0), 0);
        assertEquals(0.5, s.at(5), 1e-15);
        assertEquals(1.0, s.at(10), 1e-15);
        assertEquals(0.1 + 0.45 * (1 + Math.cos(Math.PI / 4)), s.at(35), 1e-15);
        assertEquals(0.55, s.at(60), 1e-15);
        assertEquals(0.1, s.at(110), 1e-15);
        assertEquals(0.1, s.at(1000), 0);
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.warmupCosine(1, 0, 10, 10));
    }

    @Test
    void stepDecayMultipliesByGammaEveryPeriod() {
        LrSchedule s = LrSchedule.stepDecay(1.0, 0.1, 30);
        assertEquals(1.0, s.at(29), 0);
        assertEquals(0.1, s.at(30), 1e-15);
        assertEquals(0.01, s.at(65), 1e-15);
    }

    /** Three steps, save, two more steps; a fresh model and optimizer loaded from the save must end bit-identical. */
    @Test
    void stateDictResumesTrainingExactly() {
        Tensor x = Tensor.randn(new Generator(2), DType.F32, 16, 4), y = Tensor.randn(new Generator(3), DType.F32, 16, 2);
        Linear a = new Linear(4, 2, new Generator(4));
        AdamW oa = new AdamW(ParamGroup.decayAndNoDecay(a, 0.1, Set.of()), 0.05, 0.9, 0.999, 1e-8);
        for (int i = 0; i < 3; i++) fit(a, oa, x, y);
        Map<String, Tensor> model = copy(a.stateDict()), opt = copy(oa.stateDict());
        assertEquals(6, opt.size(), "exp_avg, exp_avg_sq and step for weight and bias: " + opt.keySet());
        for (int i = 0; i < 2; i++) fit(a, oa, x, y);

        Linear b = new Linear(4, 2, new Generator(99));
        AdamW ob = new AdamW(ParamGroup.decayAndNoDecay(b, 0.1, Set.of()), 0.05, 0.9, 0.999, 1e-8);
        b.loadStateDict(model, true);
        ob.loadStateDict(opt);
        for (int i = 0; i < 2; i++) fit(b, ob, x, y);
        assertArrayEquals(a.weight.data().toFloatArray(), b.weight.data().toFloatArray(), 0);
        assertArrayEquals(a.bias.data().toFloatArray(), b.bias.data().toFloatArray(), 0);
    }

    @Test
    void loadingStateForUnknownParametersOrSlotsNamesThem() {
        Variable p = scalarParam(1);
        AdamW o = new AdamW(group(p, 0), 0.1, 0.9, 0.999, 1e-8);
        Map<String, Tensor> bad = new LinkedHashMap<>();
        bad.put("q.exp_avg", Tensor.zeros(1));
        bad.put("p.momentum_buffer", Tensor.zeros(1));
        bad.put("p.exp_avg", Tensor.zeros(3));
        var e = assertThrows(IllegalArgumentException.class, () -> o.loadStateDict(bad));
        for (String k : List.of("q.exp_avg", "p.momentum_buffer", "p.exp_avg (shape [3], parameter [1])")) {
            assertTrue(e.getMessage().contains(k), e.getMessage());
        }
        assertFalse(o.stateDict().containsKey("p.exp_avg"));
    }

    static void fit(Linear l, Optimizer o, Tensor x, Tensor y) {
        o.zeroGrad();
        new Loss.Mse().forward(l.apply(Variable.constant(x)), Variable.constant(y)).backward();
        o.step();
    }

    static Map<String, Tensor> copy(Map<String, Tensor> m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.forEach((k, t) -> out.put(k, t.copy()));
        return out;
    }
}
