package facet.train.run;

import facet.train.calibrate.Calibration;
import facet.train.calibrate.CalibrationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The same seed and thread count give the same bits: two short calibrations in one JVM, the first
 * with cold code (interpreted, then C1) and the second with the kernels compiled by C2, write the
 * same metrics.csv. Before the kernels' lane sums and exp were made tier-independent, the two
 * differed from the first step's logits on.
 */
class DeterminismTest {
    @TempDir Path tmp;

    @Test void twoRunsWithOneSeedWriteIdenticalMetrics() throws Exception {
        List<String> a = run(tmp.resolve("a")), b = run(tmp.resolve("b"));
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) assertEquals(a.get(i), b.get(i), "metrics.csv line " + (i + 1));
    }

    private static List<String> run(Path dir) throws Exception {
        Config c = Config.parse(CalibrationConfig.spec(), TinyCalibration.CONFIG, "tiny").with(List.of("epochs=1", "threads=2"));
        try (RunDir run = RunDir.create(dir, c, false, new PrintWriter(new StringWriter()))) {
            Calibration.run(CalibrationConfig.read(c), LoopSettings.from(c, ""), run);
        }
        return KillResumeTest.deterministic(dir.resolve("metrics.csv"));
    }
}
