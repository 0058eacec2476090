package facet.train.calibrate;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The calibration's arithmetic and criteria on confusion matrices worked out by hand. */
class VerdictTest {
    /** A 7-class confusion matrix whose first rows are the given ones (rows true, columns predicted). */
    static int[][] confusion(int[]... rows) {
        int[][] c = new int[7][7];
        for (int k = 0; k < rows.length; k++) c[k] = rows[k].clone();
        return c;
    }

    @Test
    void rowComputesAccuracyBalancedAccuracyAndMajority() {
        // class 0: 6 of 8 right; class 1: 1 of 2 right; other classes empty
        int[][] c = confusion(new int[] {6, 2, 0, 0, 0, 0, 0}, new int[] {1, 1, 0, 0, 0, 0, 0});
        Calibration.Row r = Calibration.row("x", c);
        assertEquals(10, r.samples());
        assertEquals(0.7, r.accuracy(), 1e-12);
        assertEquals((0.75 + 0.5) / 2, r.balanced(), 1e-12, "balanced accuracy averages recall over the classes present");
        assertEquals(0.8, r.majority(), 1e-12);
    }

    @Test
    void anEmptyDomainIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Calibration.row("empty", new int[7][7]));
    }

    static Calibration.Row row(String name, double accuracy, double balanced, double majority) {
        return new Calibration.Row(name, 100, accuracy, balanced, majority, new int[7][7]);
    }

    @Test
    void passesOnlyWhenEveryCriterionHolds() {
        Calibration.Row source = row("raf", 0.90, 0.88, 0.3);
        var good = new Calibration.Result(source, List.of(row("a", 0.50, 0.45, 0.2), row("b", 0.60, 0.55, 0.3)), 1);
        assertTrue(Verdict.of(good).passed(), Verdict.of(good).toString());

        var weakSource = new Calibration.Result(row("raf", 0.84, 0.8, 0.3), good.targets(), 1);
        assertFalse(Verdict.of(weakSource).sourceHigh());

        var noGap = new Calibration.Result(source, List.of(row("a", 0.80, 0.8, 0.2), row("b", 0.80, 0.8, 0.3)), 1);
        assertFalse(Verdict.of(noGap).gapInBand(), "a target mean of 80% is no domain gap");

        // b beats chance in accuracy only by always answering its majority class: at chance
        var chance = new Calibration.Result(source, List.of(row("a", 0.70, 0.65, 0.2), row("b", 0.42, 0.15, 0.40)), 1);
        Verdict v = Verdict.of(chance);
        assertEquals(List.of("b"), v.atChance());
        assertFalse(v.passed());
        assertTrue(v.toString().contains("NO (b)"), v.toString());
    }
}
