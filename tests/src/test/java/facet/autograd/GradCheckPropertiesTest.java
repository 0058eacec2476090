package facet.autograd;

import facet.autograd.check.Catalog;
import facet.autograd.check.Gen;
import facet.autograd.check.OpSpec;
import facet.autograd.check.PropertyRun;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The heart of the engine's tests: for every differentiable op, seeded random cases (shapes of
 * rank 0-4 with size-1 and broadcast dims, non-contiguous views, random values) check the
 * analytic gradient against central differences in float64 (1e-6) and the float32 path against
 * the float64 path (per-op tolerance). A failure is shrunk and printed with its rerun command.
 */
class GradCheckPropertiesTest {
    /** Same master seed as `./facet gradcheck`, so a failure here is reproducible there. */
    static final long SEED = 20261127L;
    static final int CASES = 100;

    @TestFactory
    Stream<DynamicTest> everyOpPassesItsGradientProperties() {
        return Catalog.all().stream().map(spec -> DynamicTest.dynamicTest(spec.name + " x" + CASES, () -> {
            PropertyRun.Report r = PropertyRun.run(spec, CASES, SEED);
            assertTrue(r.passed(), () -> r.failure().describe(r.op()));
            assertEquals(CASES, r.cases());
        }));
    }

    @Test
    void catalogCoversEveryDifferentiableOpOfTheEngine() {
        List<String> names = Catalog.all().stream().map(s -> s.name).toList();
        for (String op : List.of("add", "sub", "mul", "div", "neg", "exp", "log", "sqrt", "rsqrt", "pow", "abs", "relu",
                "gelu", "sigmoid", "tanh", "maximum", "minimum", "where", "clamp", "sum", "mean", "max", "var", "matmul",
                "softmax", "log_softmax", "layer_norm", "conv2d", "max_pool2d", "avg_pool2d", "global_avg_pool",
                "batch_norm_train", "batch_norm_eval", "batch_norm_relu_train", "batch_norm_add_relu_train", "gather", "index_select", "scatter_add", "cat", "stack", "split",
                "topk", "attention", "self_attention", "linear", "cross_entropy", "bce_with_logits", "mse", "l1", "masked_mse", "masked_mse_norm_target", "global_avg_pool_axis", "dropout",
                "reshape", "permute", "transpose", "slice", "expand", "squeeze", "unsqueeze", "contiguous")) {
            assertTrue(names.contains(op), "no property spec for " + op);
        }
    }

    /** The harness must catch a wrong gradient: x * detach(x) has a gradient of x, not 2x. */
    @Test
    void aWrongGradientIsCaughtAndShrunkToTheSmallestShape() {
        OpSpec broken = OpSpec.shaped("broken_square", 0, 4, 4, (d, g) -> new OpSpec.Instance(
                List.of(g.input("x", d, Gen.Values.AWAY_FROM_ZERO, true)), in -> in.get(0).mul(in.get(0).detach())));
        PropertyRun.Report r = PropertyRun.run(broken, 20, SEED);
        assertFalse(r.passed(), "a gradient that is half the true one passed the check");
        assertArrayEquals(new int[0], r.failure().dims(), "the failure should shrink to a 0-d case: " + r.failure().describe("broken_square"));
        assertTrue(r.failure().describe("broken_square").contains("--seed " + r.failure().seed()));
        assertTrue(r.failure().grad().error() > 0.1, "error measure too weak: " + r.failure().grad());
    }

    /** A case is rebuilt exactly from its seed and dims: that is what makes a printed seed a reproduction. */
    @Test
    void aCaseIsReproducibleFromItsSeed() {
        OpSpec conv = Catalog.byName("conv2d");
        long seed = PropertyRun.caseSeed(SEED, "conv2d", 3);
        int[] dims = conv.randomDims(new java.util.SplittableRandom(seed));
        PropertyRun.Outcome a = PropertyRun.evaluate(conv, dims, seed), b = PropertyRun.evaluate(conv, dims, seed);
        assertEquals(a.inputs(), b.inputs());
        assertEquals(a.grad().error(), b.grad().error());
        assertEquals(a.f32().error(), b.f32().error());
    }

    /** Every op in the catalog sees non-contiguous inputs somewhere in its cases. */
    @Test
    void casesIncludeNonContiguousViews() {
        for (OpSpec spec : Catalog.all()) {
            boolean seen = false;
            for (int i = 0; i < CASES && !seen; i++) {
                long seed = PropertyRun.caseSeed(SEED, spec.name, i);
                OpSpec.Instance inst = spec.build(spec.randomDims(new java.util.SplittableRandom(seed)), seed);
                seen = inst.inputs().stream().map(facet.autograd.check.Input::describe)
                        .anyMatch(s -> s.endsWith("transposed") || s.endsWith("strided") || s.endsWith("offset"));
            }
            assertTrue(seen, spec.name + " never got a non-contiguous input");
        }
    }
}
