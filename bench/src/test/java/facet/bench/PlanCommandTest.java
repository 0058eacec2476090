package facet.bench;

import facet.kernels.plan.KernelPlans;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ./facet bench plan: what it prints without --tune, and how --tune picks its winner. */
class PlanCommandTest {
    @Test void theDefaultStaysUnlessAnotherPlanIsThreePercentFaster() {
        assertEquals("avx512", PlanCommand.winner(Map.of("avx512", 100.0, "avx2", 102.9), "avx512"));
        assertEquals("avx2", PlanCommand.winner(Map.of("avx512", 100.0, "avx2", 103.1), "avx512"));
        assertEquals("avx512", PlanCommand.winner(Map.of("avx512", 100.0, "avx2", 90.0), "avx2"));
        assertEquals("avx512-kc128", PlanCommand.winner(Map.of("avx512-kc128", 80.0, "avx512", 70.0), "avx2"), "an unmeasured default cannot win");
    }

    @Test void withoutTuneItPrintsTheCpuThePlanItsSourceAndTheCacheFile() throws Exception {
        PrintStream before = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, new PlanCommand().call());
        } finally {
            System.setOut(before);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("cpu    " + KernelPlans.cpu().describe()), out);
        assertTrue(out.contains("plan   " + KernelPlans.current().name() + ", from " + KernelPlans.choice().source()), out);
        assertTrue(out.contains(KernelPlans.current().text()) && out.contains("cache  "), out);
    }
}
