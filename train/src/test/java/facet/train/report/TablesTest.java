package facet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablesTest {
    @TempDir Path temp;

    @Test
    void orderingSentenceOnHandMadeNumbers() {
        // diffs +2.0, -0.5, +0.9: mean 0.8, sample std sqrt(3.14 / 2) = 1.253 -> "+0.8 ± 1.3"
        Ordering.Comparison c = Ordering.compare("progressive", new double[] {60, 59.5, 61.4}, "parallel", new double[] {58, 60, 60.5});
        assertEquals("progressive > parallel: +0.8 ± 1.3 points, holds in 2 of 3 seeds", c.sentence());
        assertTrue(c.holds());
        assertFalse(c.holdsInEverySeed());
    }

    @Test
    void orderingThatDoesNotHoldSaysSo() {
        Ordering.Comparison c = Ordering.compare("cyclic", new double[] {50, 51, 49}, "single", new double[] {51, 51.5, 50.5});
        assertEquals("cyclic > single: −1.0 ± 0.5 points, holds in 0 of 3 seeds", c.sentence());
        assertFalse(c.holds());
        Ordering.Comparison one = Ordering.compare("a", new double[] {1}, "b", new double[] {2});
        assertEquals("a > b: −1.0 points, does not hold (1 seed)", one.sentence());
        assertThrows(IllegalArgumentException.class, () -> Ordering.compare("a", new double[] {1, 2}, "b", new double[] {1}));
    }

    @Test
    void chainReportsEveryPairHoldingOrNot() {
        Map<String, double[]> avg = Map.of(
            "progressive", new double[] {61, 60, 62},
            "parallel", new double[] {59, 60.5, 60},
            "cyclic", new double[] {59.5, 61, 60.5},   // beats parallel: the paper's order fails here
            "single", new double[] {58, 58, 59},
            "none", new double[] {58.5, 57, 58});
        List<Ordering.Comparison> cs = Ordering.chain(List.of("progressive", "parallel", "cyclic", "single", "none"), avg);
        assertEquals(4, cs.size());
        String md = Ordering.markdown(cs);
        assertEquals("""
            - ✓ progressive > parallel: +1.2 ± 1.4 points, holds in 2 of 3 seeds
            - ✗ parallel > cyclic: −0.5 ± 0.0 points, holds in 0 of 3 seeds
            - ✓ cyclic > single: +2.0 ± 0.9 points, holds in 3 of 3 seeds
            - ✓ single > none: +0.5 ± 0.9 points, holds in 2 of 3 seeds

            The paper's ordering holds on average for 3 of 4 pairs, and in every seed for 1 of 4.
            """, md);
        assertThrows(IllegalArgumentException.class, () -> Ordering.chain(List.of("progressive", "missing"), avg));
    }

    @Test
    void tableAveragesPerSeedThenAcrossSeeds() throws Exception {
        ResultTable t = new ResultTable("Table IV", List.of("sfew", "jaffe"));
        t.add("ESGM + PDED", new double[][] {{50, 54}, {60, 58}}, new double[] {90, 92});
        t.add("baseline", new double[][] {{40, 44}, {50, 56}}, new double[] {88, 88});
        assertEquals(List.of(55.0, 56.0), List.of(t.averages().get("ESGM + PDED")[0], t.averages().get("ESGM + PDED")[1]));
        String md = t.markdown();
        assertTrue(md.startsWith("**Table IV** (accuracy %, mean ± std over 2 seeds)\n\n| Method | sfew | jaffe | Avg | Source test |\n|---|---:|---:|---:|---:|\n"), md);
        assertTrue(md.contains("| ESGM + PDED | **52.00 ± 2.83** | **59.00 ± 1.41** | **55.50 ± 0.71** | **91.00 ± 1.41** |"), md);
        assertTrue(md.contains("| baseline | 42.00 ± 2.83 | 53.00 ± 4.24 | 47.50 ± 3.54 | 88.00 ± 0.00 |"), md);
        t.write(temp.resolve("t.md"), temp.resolve("t.csv"));
        List<String> csv = Files.readAllLines(temp.resolve("t.csv"));
        assertEquals("method,sfew_mean,sfew_std,jaffe_mean,jaffe_std,avg_mean,avg_std,source_mean,source_std,seeds", csv.get(0));
        assertEquals("baseline,42.0000,2.8284,53.0000,4.2426,47.5000,3.5355,88.0000,0.0000,2", csv.get(2));
        assertEquals(md, Files.readString(temp.resolve("t.md")));
    }

    @Test
    void oneSeedShowsPlainNumbersAndNoSourceADash() {
        ResultTable t = new ResultTable("Table III", List.of("fer2013"));
        t.add("ours", new double[][] {{68.15}}, new double[0]);
        assertTrue(t.markdown().contains("| ours | 68.15 | 68.15 | – |"), t.markdown());
        assertTrue(t.csv().contains("ours,68.1500,0.0000,68.1500,0.0000,,,1"), t.csv());
        assertThrows(IllegalArgumentException.class, () -> t.add("bad", new double[][] {{1}, {2}}, new double[0]));
    }

    @Test
    void statsFormatting() {
        assertEquals("57.57 ± 1.10", Stats.pm(new double[] {56.47, 57.57, 58.67}, 2));
        assertEquals(1.1, Stats.std(new double[] {56.47, 57.57, 58.67}), 1e-9);
        assertEquals("–", Stats.pm(new double[0], 2));
        assertEquals("+0.5", Stats.signedPm(new double[] {0.5}, 1));
    }
}
