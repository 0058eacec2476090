package facet.bench;

import facet.kernels.cpu.Simd;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ./facet bench peak: its loop computes what it says, and the command prints a row a thread count. */
class PeakCommandTest {
    @Test void theChainsSettleAtTheirFixedPoint() {
        // c = 0.5 c + b settles at 2b exactly (an fma rounds once; the last step from below ties to 2b): 16 chains x lanes x 2
        assertEquals(32f * Simd.FLOATS.length(), PeakCommand.chains(200, 1f));
        // after one step each chain holds 0.5 (1 + i) + 1: their sum over i < 16 is 0.5 * 136 + 16 = 84 a lane
        assertEquals(84f * Simd.FLOATS.length(), PeakCommand.chains(1, 1f));
    }

    @Test void itPrintsOneRowAThreadCountWithItsFlops() {
        PrintStream before = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        int rc;
        try {
            rc = new CommandLine(new BenchMain()).execute("peak", "--threads", "1,2", "--warmup", "0.01", "--seconds", "0.05", "--json");
        } finally {
            System.setOut(before);
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertEquals(0, rc);
        assertEquals(2, lines.length, String.join("\n", lines));
        for (int t = 1; t <= 2; t++) {
            String line = lines[t - 1];
            double flops = 2.0 * 16 * Simd.FLOATS.length() * PeakCommand.STEPS * t;
            assertTrue(line.contains("\"op\": \"peak\"") && line.contains("\"threads\": " + t), line);
            assertTrue(line.contains("\"flops\": " + (long) flops) || line.contains("\"flops\": " + flops), line);
        }
    }
}
