package facet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ViridisTest {
    @Test
    void endpointsAreViridisPurpleAndYellow() {
        assertEquals(0x440154, Viridis.rgb(0));
        assertEquals(0xFDE725, Viridis.rgb(1));
        assertEquals(0x21908C, Viridis.rgb(0.5), "the middle anchor, teal");
        assertEquals(0x440154, Viridis.rgb(-3), "clamped below");
        assertEquals(0xFDE725, Viridis.rgb(7), "clamped above");
        assertEquals(0x440154, Viridis.rgb(Double.NaN));
    }

    @Test
    void lightnessRisesMonotonicallyAndEvenly() {
        int n = 1024;
        double prev = -1;
        for (int i = 0; i <= n; i++) {
            double[] c = Viridis.unit(i / (double) n);
            double l = Viridis.lightness(c[0], c[1], c[2]);
            assertTrue(l > prev, "L* falls from " + prev + " to " + l + " at t = " + i / (double) n);
            prev = l;
        }
        // as a 256-entry 8-bit table, rounding may dip L* by a few hundredths, far below a visible
        // step (about 1); more than 0.1 would mean the interpolation itself bends
        double prev8 = -1;
        for (int i = 0; i < 256; i++) {
            double l = Viridis.lightness(Viridis.rgb(i / 255.0));
            assertTrue(l >= prev8 - 0.1, "8-bit L* falls from " + prev8 + " to " + l + " at entry " + i);
            prev8 = l;
        }
        double l0 = Viridis.lightness(Viridis.rgb(0)), l1 = Viridis.lightness(Viridis.rgb(1));
        assertEquals(16, l0, 2, "L* of the dark end");
        assertEquals(91, l1, 2, "L* of the bright end");
        // perceptually even: L* per 1/8 of the range stays within 30 % of the mean rise
        for (int k = 0; k < 8; k++) {
            double rise = Viridis.lightness(Viridis.rgb((k + 1) / 8.0)) - Viridis.lightness(Viridis.rgb(k / 8.0));
            assertEquals((l1 - l0) / 8, rise, 0.3 * (l1 - l0) / 8, "L* rise over eighth " + k);
        }
    }

    @Test
    void lightnessOfKnownColours() {
        assertEquals(100, Viridis.lightness(0xFFFFFF), 1e-6);
        assertEquals(0, Viridis.lightness(0x000000), 1e-6);
        assertEquals(53.59, Viridis.lightness(0x808080), 0.01, "mid grey");
    }
}
