package facet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ordering sentences on hand-computed numbers: the paired difference's mean and 95% interval
 * (Student t, n - 1 degrees of freedom), resolved or not, and pairs with a row that did not learn
 * reported as no finding and left out of the count.
 */
class OrderingTest {
    @Test
    void intervalIsTheMeanPlusOrMinusTTimesTheStandardError() {
        // diffs 1, 2, 3: mean 2, sample std 1, t_{0.975, 2} = 4.303 -> 2 ± 4.303 / sqrt(3) = [-0.484, 4.484]
        Stats.Interval ci = Stats.ci95(new double[] {1, 2, 3});
        double half = 4.303 / Math.sqrt(3);
        assertEquals(2 - half, ci.lo(), 1e-12, "lower end");
        assertEquals(2 + half, ci.hi(), 1e-12, "upper end");
        assertFalse(ci.excludesZero());
        assertNull(Stats.ci95(new double[] {1}), "one value has no interval");
    }

    @Test
    void tQuantilesFromTheTableAndBeyondIt() {
        assertEquals(12.706, Stats.t975(1));
        assertEquals(4.303, Stats.t975(2));
        assertEquals(2.776, Stats.t975(4));
        assertEquals(2.042, Stats.t975(30));
        // beyond the table, the expansion; reference values t_{0.975}(40) = 2.0211, (120) = 1.9799, (10^6) = 1.96
        assertEquals(2.0211, Stats.t975(40), 2e-4);
        assertEquals(1.9799, Stats.t975(120), 2e-4);
        assertEquals(1.9600, Stats.t975(1_000_000), 1e-4);
        assertTrue(Stats.t975(31) < Stats.t975(30), "falls with df across the table's end: " + Stats.t975(31));
        assertThrows(IllegalArgumentException.class, () -> Stats.t975(0));
    }

    @Test
    void sentenceGivesTheMeanDifferenceItsIntervalAndWhetherItIsResolved() {
        // diffs +2.0, -0.5, +0.9: mean 0.8, std 1.2530, half width 4.303 * 1.2530 / sqrt(3) = 3.113 -> [-2.3, +3.9]
        Ordering.Comparison c = Ordering.compare("progressive", new double[] {60, 59.5, 61.4}, "parallel", new double[] {58, 60, 60.5});
        assertEquals("progressive > parallel: +0.8 points, 95% CI [−2.3, +3.9] over 3 seeds, not resolved (holds in 2 of 3 seeds)", c.sentence());
        assertTrue(c.holds());
        assertFalse(c.resolved());
        // diffs 2, 2.5, 3, 2.2, 2.8: mean 2.5, std 0.4123, half 2.776 * 0.4123 / sqrt(5) = 0.512 -> [+2.0, +3.0]
        Ordering.Comparison r = Ordering.compare("a", new double[] {62, 62.5, 63, 62.2, 62.8}, "b", new double[] {60, 60, 60, 60, 60});
        assertEquals("a > b: +2.5 points, 95% CI [+2.0, +3.0] over 5 seeds, resolved (holds in 5 of 5 seeds)", r.sentence());
        assertTrue(r.resolved());
        // diffs -1, -1.2, -0.8: mean -1, std 0.2, half 4.303 * 0.2 / sqrt(3) = 0.497 -> [-1.5, -0.5]
        Ordering.Comparison w = Ordering.compare("cyclic", new double[] {50, 50, 50}, "single", new double[] {51, 51.2, 50.8});
        assertEquals("cyclic > single: −1.0 points, 95% CI [−1.5, −0.5] over 3 seeds, resolved the other way (holds in 0 of 3 seeds)", w.sentence());
        assertTrue(w.resolved());
        assertFalse(w.holds());
    }

    @Test
    void oneSeedHasNoIntervalAndIsNeverResolved() {
        Ordering.Comparison one = Ordering.compare("a", new double[] {70}, "b", new double[] {50});
        assertEquals("a > b: +20.0 points, 1 seed: no interval, not resolved (holds in 1 of 1 seed)", one.sentence());
        assertFalse(one.resolved(), "a 20-point difference in one seed");
        assertNull(one.interval());
        assertThrows(IllegalArgumentException.class, () -> Ordering.compare("a", new double[] {1, 2}, "b", new double[] {1}));
    }

    /** A row of one target column (its average is that column) with a health per seed. */
    private static void row(ResultTable t, String method, double[] avg, List<Health> health) {
        t.add(method, new double[][] {avg}, avg, health);
    }

    private static List<Health> learned(int seeds) {
        List<Health> h = new ArrayList<>();
        for (int s = 0; s < seeds; s++) h.add(new Health("raf", 0.60, 0.33, 0.70, 0.50));
        return h;
    }

    @Test
    void rowsAllAtTheMajorityClassAreNoFindingAndCountNothing() {
        // Table III at --quick, 1 seed: each row predicts the majority class on raf (32.0%), target averages 20 > 19 > 18
        ResultTable t = new ResultTable("Table III", List.of("sfew"));
        Health atMajority = new Health("raf", 0.32, 0.32, 0.32, Double.NaN);
        row(t, "ESGM + PDED", new double[] {20}, List.of(atMajority));
        row(t, "MAE + ResNet-18", new double[] {19}, List.of(atMajority));
        row(t, "ResNet-18", new double[] {18}, List.of(atMajority));
        List<Ordering.Comparison> cs = Ordering.chain(List.of("ESGM + PDED", "MAE + ResNet-18", "ResNet-18"), t);
        assertTrue(cs.stream().noneMatch(Ordering.Comparison::holds), "a pair of rows that did not learn counted as holding");
        assertEquals("""
            - ✗ ESGM + PDED > MAE + ResNet-18: not a finding, 'ESGM + PDED' did not learn and 'MAE + ResNet-18' did not learn (raf within 5 points of the majority class)
            - ✗ MAE + ResNet-18 > ResNet-18: not a finding, 'MAE + ResNet-18' did not learn and 'ResNet-18' did not learn (raf within 5 points of the majority class)

            No finding: in each of the 2 pairs a row did not learn.
            """, Ordering.markdown(cs));
    }

    @Test
    void chainReportsEveryPairAndCountsOnlyRowsThatLearned() {
        ResultTable t = new ResultTable("Table V", List.of("sfew"));
        List<Health> cyclic = learned(3);
        cyclic.set(1, new Health("raf", 0.34, 0.33, 0.35, 0.50));   // seed 2 at the majority class
        row(t, "progressive", new double[] {61, 60, 62}, learned(3));
        row(t, "parallel", new double[] {59, 60.5, 60}, learned(3));
        row(t, "cyclic", new double[] {59.5, 61, 60.5}, cyclic);
        row(t, "single", new double[] {58, 58, 59}, learned(3));
        row(t, "none", new double[] {58.5, 57, 58}, learned(3));
        List<Ordering.Comparison> cs = Ordering.chain(List.of("progressive", "parallel", "cyclic", "single", "none"), t);
        // progressive - parallel: 2, -0.5, 2 -> mean 1.17, std 1.443, half 4.303 * 1.443 / sqrt(3) = 3.586 -> [-2.4, +4.8]
        // single - none: -0.5, 1, 1 -> mean 0.5, std 0.866, half 2.151 -> [-1.7, +2.7]
        assertEquals("""
            - ? progressive > parallel: +1.2 points, 95% CI [−2.4, +4.8] over 3 seeds, not resolved (holds in 2 of 3 seeds)
            - ✗ parallel > cyclic: not a finding, 'cyclic' did not learn in 1 of 3 seeds (raf within 5 points of the majority class)
            - ✗ cyclic > single: not a finding, 'cyclic' did not learn in 1 of 3 seeds (raf within 5 points of the majority class)
            - ? single > none: +0.5 points, 95% CI [−1.7, +2.7] over 3 seeds, not resolved (holds in 2 of 3 seeds)

            Of 4 pairs, 2 compare rows that learned: the paper's ordering holds on average in 2 of them, resolved (95% CI above 0) in 0, resolved the other way in 0. 2 pairs are no finding: a row did not learn.
            """, Ordering.markdown(cs));
        assertThrows(IllegalArgumentException.class, () -> Ordering.chain(List.of("progressive", "missing"), t));
    }

    @Test
    void aResolvedPairIsMarkedAndCounted() {
        ResultTable t = new ResultTable("Table V", List.of("sfew"));
        row(t, "a", new double[] {62, 62.5, 63, 62.2, 62.8}, learned(5));
        row(t, "b", new double[] {60, 60, 60, 60, 60}, learned(5));
        assertEquals("""
            - ✓ a > b: +2.5 points, 95% CI [+2.0, +3.0] over 5 seeds, resolved (holds in 5 of 5 seeds)

            Of 1 pair, 1 compares rows that learned: the paper's ordering holds on average in 1 of them, resolved (95% CI above 0) in 1, resolved the other way in 0.
            """, Ordering.markdown(Ordering.chain(List.of("a", "b"), t)));
    }
}
