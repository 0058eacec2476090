package facet.nn;

import facet.autograd.Variable;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Module's contract: dotted names, counting, modes, dtype moves, and state dicts that load strictly or report. */
class ModuleTest {
    /** conv (4 -> 3, 3x3, bias) + batch norm + linear (3 -> 2): names and counts are easy to work out by hand. */
    static final class Tiny extends Layer {
        final Conv2d conv;
        final BatchNorm2d bn;
        final Linear fc;

        Tiny(Generator g) {
            conv = child("conv", new Conv2d(4, 3, 3, facet.tensor.ConvParams.of(1, 1), true, g));
            bn = child("bn", new BatchNorm2d(3));
            fc = child("fc", new Linear(3, 2, g));
        }

        @Override protected Variable forward(Variable x) {
            return fc.apply(facet.autograd.Pool2d.globalAvgPool(bn.apply(conv.apply(x))));
        }
    }

    @Test
    void namesJoinWithDotsInRegistrationOrderAndCountEveryValue() {
        Tiny m = new Tiny(new Generator(1));
        assertEquals(List.of("conv.weight", "conv.bias", "bn.weight", "bn.bias", "fc.weight", "fc.bias"),
                List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.of("bn.running_mean", "bn.running_var"), List.copyOf(m.namedBuffers().keySet()));
        assertEquals(List.of("conv.weight", "conv.bias", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "fc.weight", "fc.bias"),
                List.copyOf(m.stateDict().keySet()));
        assertEquals(List.of("", "conv", "bn", "fc"), List.copyOf(m.namedModules().keySet()));
        // conv 3*4*3*3 + 3, bn 3 + 3, fc 2*3 + 2; buffers do not count
        assertEquals(108 + 3 + 6 + 8, m.parameterCount());
    }

    @Test
    void tiedParametersAreListedAndCountedOnce() {
        Generator g = new Generator(2);
        Linear shared = new Linear(3, 3, g);
        Sequential twice = new Sequential(shared, shared);
        assertEquals(List.of("0.weight", "0.bias"), List.copyOf(twice.namedParameters().keySet()));
        assertEquals(12, twice.parameterCount());
        assertEquals(4, twice.stateDict().size(), "the state dict keeps both names, as PyTorch's does");
    }

    @Test
    void registeringANameTwiceOrWithADotFails() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Module() {{ param("w", Tensor.zeros(1)); buffer("w", Tensor.zeros(1)); }});
        assertTrue(e.getMessage().contains("'w' is registered twice"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Module() {{ param("a.b", Tensor.zeros(1)); }});
        assertTrue(e.getMessage().contains("without dots"), e.getMessage());
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        Tiny m = new Tiny(new Generator(3));
        m.eval();
        for (Module c : m.namedModules().values()) assertFalse(c.isTraining());
        m.train();
        for (Module c : m.namedModules().values()) assertTrue(c.isTraining());
    }

    @Test
    void toDtypeConvertsParametersAndBuffersButKeepsTheVariables() {
        Tiny m = new Tiny(new Generator(4));
        Variable w = m.fc.weight;
        double[] before = w.data().toDoubleArray();
        m.to(DType.F64);
        assertSame(w, m.namedParameters().get("fc.weight"));
        assertEquals(DType.F64, w.data().dtype());
        assertEquals(DType.F64, m.bn.runningVar().dtype());
        assertArrayEquals(before, w.data().toDoubleArray(), 0);
        Variable y = m.apply(Variable.constant(Tensor.randn(new Generator(5), DType.F64, 2, 4, 5, 5)));
        assertEquals(DType.F64, y.dtype());
    }

    @Test
    void stateDictRoundTripCopiesEveryValueIntoAnotherInstance() {
        Tiny a = new Tiny(new Generator(6)), b = new Tiny(new Generator(7));
        a.apply(Variable.constant(Tensor.randn(new Generator(8), DType.F32, 4, 4, 5, 5)));   // training mode: moves running stats off 0 and 1
        Module.LoadReport r = b.loadStateDict(a.stateDict(), true);
        assertTrue(r.complete());
        a.stateDict().forEach((k, t) -> assertArrayEquals(t.toFloatArray(), b.stateDict().get(k).toFloatArray(), 0, k));
        // the copy is by value: changing a afterwards leaves b alone
        a.fc.bias.data().assign(Tensor.full(9, DType.F32, 2));
        assertEquals(0, b.fc.bias.data().eq(9).sum().item());
    }

    @Test
    void strictLoadNamesEveryMissingUnexpectedAndMismatchedKeyAndChangesNothing() {
        Tiny m = new Tiny(new Generator(9));
        Map<String, Tensor> state = new LinkedHashMap<>(m.stateDict());
        float[] fcBefore = m.fc.weight.data().toFloatArray();
        state.remove("conv.bias");
        state.remove("bn.running_var");
        state.put("head.weight", Tensor.zeros(2, 3));
        state.put("conv.weight", Tensor.zeros(3, 4, 1, 1));
        state.put("fc.weight", Tensor.full(5, DType.F32, 2, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state, true));
        String msg = e.getMessage();
        for (String k : List.of("conv.bias", "bn.running_var", "head.weight", "conv.weight: state [3, 4, 1, 1], module [3, 4, 3, 3]")) {
            assertTrue(msg.contains(k), "message lacks '" + k + "':\n" + msg);
        }
        assertArrayEquals(fcBefore, m.fc.weight.data().toFloatArray(), 0, "a failed load must not change any tensor");
    }

    @Test
    void nonStrictLoadReportsMissingAndUnexpectedButStillRefusesShapeMismatches() {
        Tiny m = new Tiny(new Generator(10));
        Map<String, Tensor> state = new LinkedHashMap<>();
        state.put("fc.bias", Tensor.of(new float[] {1, 2}, 2));
        state.put("extra", Tensor.zeros(1));
        Module.LoadReport r = m.loadStateDict(state, false);
        assertEquals(List.of("extra"), r.unexpected());
        assertEquals(7, r.missing().size());
        assertArrayEquals(new float[] {1, 2}, m.fc.bias.data().toFloatArray());
        state.put("fc.weight", Tensor.zeros(5, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> m.loadStateDict(state, false));
        assertTrue(e.getMessage().contains("fc.weight: state [5, 3], module [2, 3]"), e.getMessage());
    }

    @Test
    void loadConvertsDtypes() {
        Linear l = new Linear(2, 1, new Generator(11));
        l.loadStateDict(Map.of("weight", Tensor.of(new double[] {0.5, -0.25}, 1, 2), "bias", Tensor.of(new double[] {2}, 1)), true);
        assertEquals(DType.F32, l.weight.data().dtype());
        assertArrayEquals(new float[] {0.5f, -0.25f}, l.weight.data().toFloatArray());
    }
}
