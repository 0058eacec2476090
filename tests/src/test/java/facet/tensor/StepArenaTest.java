package facet.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A step arena hands a step's large arrays to the next step, zeroed where asked, and refuses late readers. */
class StepArenaTest {
    static final int BIG = StepArena.MIN_FLOATS;

    static float[] floats(Tensor t) { return ((HostStorage) t.storage()).floats(); }

    @Test
    void aStepsArrayGoesToTheNextStepZeroed() {
        StepArena arena = new StepArena();
        float[] first;
        try (StepArena.Scope ignored = arena.enter()) {
            Tensor t = Tensor.zeros(BIG);
            first = floats(t);
            java.util.Arrays.fill(first, 5f);
        }
        try (StepArena.Scope ignored = arena.enter()) {
            Tensor t = Tensor.zeros(BIG);
            assertSame(first, floats(t), "the second step did not get the first step's array back");
            for (float v : floats(t)) assertEquals(0f, v);
            assertEquals(1, arena.reused());
            assertNotSame(first, floats(Tensor.zeros(BIG)), "one array was handed out twice in the same step");
        }
    }

    @Test
    void aTensorUsedAfterItsStepFailsInOneSentence() {
        StepArena arena = new StepArena();
        Tensor late;
        try (StepArena.Scope ignored = arena.enter()) {
            late = Tensor.zeros(BIG);
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, late::sum);
        assertTrue(e.getMessage().contains("used after the training step that allocated it ended"), e.getMessage());
    }

    @Test
    void outsideKeepToArrayAndSmallArraysOutliveTheStep() {
        StepArena arena = new StepArena();
        Tensor made, kept, small;
        float[] copied;
        try (StepArena.Scope ignored = arena.enter()) {
            copied = Tensor.ones(BIG).add(0.0).toFloatArray();
            made = StepArena.outside(() -> Tensor.ones(BIG));
            kept = StepArena.keep(Tensor.ones(BIG));
            small = Tensor.ones(BIG - 1);
        }
        try (StepArena.Scope ignored = arena.enter()) {
            for (int i = 0; i < 4; i++) {   // more than the first step left, so every recycled array is handed out
                Tensor t = Tensor.zeros(BIG);
                assertNotSame(floats(made), floats(t));
                assertNotSame(floats(kept), floats(t));
                assertNotSame(copied, floats(t));
            }
            assertTrue(arena.reused() > 0, "the first step's own arrays were not recycled");
        }
        assertEquals(BIG, made.sum().item());
        assertEquals(BIG, sumOf(copied), "an array that toArray handed out was recycled");
        assertEquals(BIG, kept.sum().item());
        assertEquals(BIG - 1, small.sum().item());
    }

    static double sumOf(float[] x) {
        double s = 0;
        for (float v : x) s += v;
        return s;
    }

    @Test
    void pastItsBudgetAStepGetsPlainArrays() {
        StepArena arena = new StepArena(2L * 4 * BIG);
        Tensor a, b, c;
        try (StepArena.Scope ignored = arena.enter()) {
            a = Tensor.ones(BIG);
            b = Tensor.ones(BIG);
            c = Tensor.ones(BIG);   // a third would pass the budget of two
        }
        assertThrows(IllegalStateException.class, a::sum);
        assertThrows(IllegalStateException.class, b::sum);
        assertEquals(BIG, c.sum().item());
    }

    @Test
    void scopesDoNotNest() {
        StepArena arena = new StepArena();
        try (StepArena.Scope ignored = arena.enter()) {
            assertThrows(IllegalStateException.class, new StepArena()::enter);
        }
    }

    /** The suite runs poisoned (pom.xml), so every op that asks for an output to overwrite is checked to write it whole. */
    @Test
    void theSuiteHandsOutOverwriteArraysAsNaN() {
        assertTrue(Boolean.getBoolean("facet.arena.poison"), "the test JVM should run with -Dfacet.arena.poison=true");
        for (float v : HostStorage.forOverwrite(DType.F32, 8).floats()) assertTrue(Float.isNaN(v));
        for (float v : HostStorage.allocate(DType.F32, 8).floats()) assertEquals(0f, v);
    }
}
