package facet.pded;

import facet.autograd.Variable;
import facet.autograd.check.GradCheck;
import facet.autograd.check.Input;
import facet.autograd.check.Layout;
import facet.tensor.DType;
import facet.nn.Module;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoupler's reading of which loss trains what ({@link Decoupler}): L_dom trains the
 * decouplers, their projections and the domain head and stops at the features they read; L_exp
 * trains the shared network through F - F_d, with its true derivative, and not the decouplers.
 * And every variant starts as the network without decoupling.
 */
class DecouplingGradientsTest {

    /** With NONE's weights loaded, each variant's first training-mode forward gives NONE's logits, bit for bit. */
    @ParameterizedTest
    @EnumSource(value = Variant.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void everyVariantStartsAsTheNetworkWithoutDecoupling(Variant v) {
        for (PdedConfig.Input input : PdedConfig.Input.values()) {
            PdedModel none = Tiny.model(Tiny.config(input, Variant.NONE), 20), m = Tiny.model(Tiny.config(input, v), 21);
            Module.LoadReport r = m.loadStateDict(none.stateDict(), false);
            assertTrue(r.unexpected().isEmpty(), "NONE has weights the " + v + " network lacks: " + r.unexpected());
            for (String k : r.missing()) assertTrue(k.startsWith("decoupler") || k.startsWith("domain_head"), v + " has its own " + k);
            Tensor x = Tiny.images(22, 4);
            float[] want = none.forward(Variable.constant(x)).expression().data().toFloatArray();
            assertArrayEquals(want, m.forward(Variable.constant(x)).expression().data().toFloatArray(), v + ", " + input + " input");
            // the comparison can fail: a decoupler that is not zero changes the logits
            Tiny.randomiseDecouplers(m, 23);
            assertFalse(Arrays.equals(want, m.forward(Variable.constant(x)).expression().data().toFloatArray()),
                    v + ": non-zero decouplers left the logits unchanged");
        }
    }

    /** Each loss alone, decouplers non-zero (as after some training): which parameters get a gradient, and whether the images do. */
    @ParameterizedTest
    @EnumSource(value = Variant.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void lDomTrainsOnlyTheDomainBranchAndLExpEverythingElse(Variant v) {
        PdedModel m = Tiny.model(Tiny.config(PdedConfig.Input.ENCODER, v), 24);
        Tiny.randomiseDecouplers(m, 25);
        Tensor y = Tiny.ints(0, 3, 6, 2), d = Tiny.ints(0, 0, 1, 1);
        for (String which : List.of("L_dom", "L_exp")) {
            m.zeroGrad();
            Variable x = Variable.param(Tiny.images(26, 4));
            PdedModel.LossTerms l = m.forwardLoss(m.forward(x), y, d);
            (which.equals("L_dom") ? l.domain() : l.expression()).backward();
            for (var p : m.namedParameters().entrySet()) {
                String name = p.getKey();
                boolean domainBranch = name.startsWith("decoupler") || name.startsWith("domain_head");
                Tensor g = p.getValue().grad();
                double size = g == null ? 0 : g.abs().sum().item();
                if (which.equals("L_dom")) {
                    assertEquals(domainBranch, size > 0, "L_dom " + (size > 0 ? "reached " : "did not reach ") + name + " (|grad| sum " + size + ")");
                } else if (domainBranch) {
                    assertEquals(0, size, "L_exp reached " + name);
                }
            }
            if (which.equals("L_dom")) {
                assertNull(x.grad(), "L_dom reached the images");
            } else {
                for (String shared : List.of("encoder.patch_embed.proj.weight", "stem.0.weight", "layer1.0.conv1.weight", "layer4.1.conv2.weight")) {
                    Tensor g = m.namedParameters().get(shared).grad();
                    assertTrue(g != null && g.abs().sum().item() > 0, "L_exp did not reach " + shared);
                }
            }
        }
    }

    /**
     * L_exp's gradient with respect to the images against central differences in float64, decouplers
     * non-zero: the expression path passes dF through F - conv(F) whole (I - W^T), although it does
     * not train W.
     */
    @ParameterizedTest
    @EnumSource(value = Variant.class, names = {"PROGRESSIVE", "CYCLIC", "PARALLEL"})
    void lExpSeesTheWholeDerivativeOfFMinusFd(Variant v) {
        PdedModel m = Tiny.model(Tiny.config(PdedConfig.Input.IMAGE, v), 27);
        Tiny.randomiseDecouplers(m, 28);
        m.eval();
        m.to(DType.F64);
        Tensor y = Tiny.ints(1, 4), d = Tiny.ints(0, 1);
        Input x = new Input("images", new int[] {2, 3, Tiny.SIZE, Tiny.SIZE}, Layout.CONTIGUOUS, Tiny.images(29, 2).to(DType.F64), true);
        GradCheck.Result r = GradCheck.gradient(in -> m.forwardLoss(m.forward(in.get(0)), y, d).expression(), List.of(x), 30);
        assertTrue(r.error() < 1e-6, v + ": " + r);
    }
}
