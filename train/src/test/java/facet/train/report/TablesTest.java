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
        assertTrue(t.markdown().contains("| ours | 68.15 | 68.15 | — |"), t.markdown());
        assertTrue(t.csv().contains("ours,68.1500,0.0000,68.1500,0.0000,,,1"), t.csv());
        assertThrows(IllegalArgumentException.class, () -> t.add("bad", new double[][] {{1}, {2}}, new double[0]));
    }

    @Test
    void statsFormatting() {
        assertEquals("57.57 ± 1.10", Stats.pm(new double[] {56.47, 57.57, 58.67}, 2));
        assertEquals(1.1, Stats.std(new double[] {56.47, 57.57, 58.67}), 1e-9);
        assertEquals("—", Stats.pm(new double[0], 2));
        assertEquals("−0.6", Stats.signed(-0.6, 1));
        assertEquals("+0.0", Stats.signed(-0.04, 1), "a value that rounds to zero has no minus sign");
    }

    /** A seed's health: source test accuracy, majority, train accuracy, probe (fractions). */
    static Health health(double accuracy, double train, double probe) { return new Health("raf", accuracy, 0.33, train, probe); }

    @Test
    void healthColumnsGiveTrainAccuracyProbeAndDidNotLearnInWords() throws Exception {
        ResultTable t = new ResultTable("Table IV", List.of("sfew"));
        t.add("ESGM + PDED", new double[][] {{50, 54}}, new double[] {60, 62}, List.of(health(0.60, 0.70, 0.53), health(0.62, 0.72, 0.55)));
        t.add("ESGM only", new double[][] {{30, 40}}, new double[] {33, 45}, List.of(health(0.33, 0.34, 0.53), health(0.45, 0.44, 0.55)));
        t.add("ResNet-18", new double[][] {{44, 46}}, new double[] {70, 72}, List.of(health(0.70, 0.71, Double.NaN), health(0.72, 0.73, Double.NaN)));
        String md = t.markdown();
        assertTrue(md.contains("A row did not learn when its accuracy on raf's test split is within 5 points of the majority class (33.0%)."), md);
        assertTrue(md.contains("| Method | sfew | Avg | Source test | Train acc | Linear probe | Health |\n|---|---:|---:|---:|---:|---:|---|\n"), md);
        // train 70, 72 -> 71.0 ± 1.4; probe 53, 55 -> 54.0 ± 1.4
        assertTrue(md.contains("| ESGM + PDED | **52.00 ± 2.83** | **52.00 ± 2.83** | 61.00 ± 1.41 | 71.0 ± 1.4 | 54.0 ± 1.4 | learned |"), md);
        assertTrue(md.contains("| ESGM only | 35.00 ± 7.07 | 35.00 ± 7.07 | 39.00 ± 8.49 | 39.0 ± 7.1 | 54.0 ± 1.4 | **did not learn in 1 of 2 seeds** |"), md);
        assertTrue(md.contains("| ResNet-18 | 45.00 ± 1.41 | 45.00 ± 1.41 | **71.00 ± 1.41** | 72.0 ± 1.4 | — | learned |"), md);
        List<String> csv = t.csv().lines().toList();
        assertEquals("method,sfew_mean,sfew_std,avg_mean,avg_std,source_mean,source_std,train_acc_mean,train_acc_std,linear_probe_mean,"
                + "linear_probe_std,seeds,did_not_learn_seeds", csv.get(0));
        assertEquals("ResNet-18,45.0000,1.4142,45.0000,1.4142,71.0000,1.4142,72.0000,1.4142,,,2,0", csv.get(3));
        assertEquals(1, t.row("ESGM only").didNotLearnIn());
        assertThrows(IllegalArgumentException.class, () -> t.add("bad", new double[][] {{1, 2}}, new double[] {1, 2}, List.of(health(0.5, 0.5, 0.5))));
    }

    @Test
    void oneSeedThatDidNotLearnSaysSoAndAMajorityThatDiffersIsARange() {
        ResultTable t = new ResultTable("Table III", List.of("sfew"));
        t.add("ours", new double[][] {{20}}, new double[] {32}, List.of(new Health("raf", 0.32, 0.32, 0.31, 0.40)));
        t.add("theirs", new double[][] {{40}}, new double[] {60}, List.of(new Health("raf", 0.60, 0.34, 0.62, Double.NaN)));
        String md = t.markdown();
        assertTrue(md.contains("| ours | 20.00 | 20.00 | 32.00 | 31.0 | 40.0 | **did not learn** |"), md);
        assertTrue(md.contains("the majority class (32.0–34.0%)"), md);
    }

    @Test
    void didNotLearnIsWithinFivePointsOfTheMajorityClass() {
        assertEquals(0.05, Health.DID_NOT_LEARN_MARGIN);
        assertFalse(health(0.33, 0.33, 0.5).learned(), "at the majority class");
        assertFalse(health(0.37, 0.4, 0.5).learned(), "4 points above");
        assertTrue(health(0.38, 0.4, 0.5).learned(), "5 points above (0.38 - 0.33 is 0.04999... in doubles)");
        assertTrue(health(0.72, 0.7, 0.5).learned());
        assertFalse(health(0.10, 0.1, 0.5).learned(), "below the majority class");
        assertEquals("raf within 5 points of the majority class", health(0.3, 0.3, 0.3).rule());
    }
}
