package facet.bench;

import facet.kernels.plan.KernelPlan;
import facet.kernels.plan.KernelPlans;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plans side by side in one JVM: each runs its own plan, the caller's stays, and bad specs fail in a sentence. */
class PlanTrialsTest {
    @Test void eachLoaderRunsItsOwnPlanAndLeavesThisJvmsAlone() throws Exception {
        String mine = KernelPlans.current().text(), property = System.getProperty(KernelPlans.PROPERTY);
        // avx2 runs on any CPU that runs these tests; with overrides it differs from every plan this JVM could hold
        PlanTrials.Trial a = PlanTrials.load("avx2,kc=192"), b = PlanTrials.load("avx2,kc=160");
        assertEquals(KernelPlan.parse("avx2,kc=192").text(), a.text());
        assertEquals(KernelPlan.parse("avx2,kc=160").text(), b.text());
        assertNotEquals(a.text(), mine);
        assertEquals(mine, KernelPlans.current().text(), "this JVM's plan is unchanged");
        assertEquals(property, System.getProperty(KernelPlans.PROPERTY), "the property is restored");
        assertEquals(PlanProbe.products().stream().map(PlanProbe.Product::name).toList(), a.products());
        int small = a.products().indexOf("gemm 2048x192x192");
        assertTrue(a.gflops(small, 0.01) > 0 && b.gflops(small, 0.01) > 0);
    }

    @Test void aPlanAgainstItselfGetsTwoColumns() throws Exception {
        PlanTrials.Trial t = PlanTrials.load("avx2");
        Map<String, Map<String, Double>> g = PlanTrials.race(List.of(t, t), 1, 0.001);
        assertEquals(List.of("avx2", "avx2 #2"), List.copyOf(g.keySet()));
        for (Map<String, Double> byProduct : g.values()) {
            assertEquals(t.products(), List.copyOf(byProduct.keySet()));
            byProduct.values().forEach(x -> assertTrue(x > 0, "GFLOP/s " + x));
        }
    }

    @Test void aBadSpecFailsInOneSentenceNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanTrials.load("avx512,kc=banana"));
        assertTrue(e.getMessage().contains("-Dfacet.plan=avx512,kc=banana"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test void theMedianIsTheMiddleRound() {
        assertEquals(2.0, Timing.median(new double[]{3, 1, 2}));
        assertEquals(2.5, Timing.median(new double[]{4, 1, 2, 3}));
    }
}
