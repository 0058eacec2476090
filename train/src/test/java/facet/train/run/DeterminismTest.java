package facet.train.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same seed and thread count give the same bits whichever JIT tier runs the kernels: the tiny
 * calibration in two fresh child JVMs, one stopped at C1 (-XX:TieredStopAtLevel=1: the Vector API
 * is never intrinsified, its Java fallback runs) and one with the default tiers (C2 compiles the
 * kernels with the Vector API intrinsics within the first steps; checked from the JVM's own
 * compilation log), writes the same metrics.csv, results.json and final checkpoint, bit for bit
 * (see {@link RunFiles}). Before the kernels' lane sums and exp were made tier-independent
 * (facet.kernels.cpu.Simd), the two differed from the first step's logits on.
 */
class DeterminismTest {
    @TempDir Path tmp;

    /** A method of facet.kernels.cpu compiled at tier 4 (C2), as -XX:+PrintCompilation writes it. */
    private static final Pattern C2_KERNEL = Pattern.compile("(?m)^\\s*\\d+\\s+\\d+\\s+[%sbn! ]*4\\s+facet\\.kernels\\.cpu\\.");

    @Test void c1AndC2RunsOfOneSeedWriteIdenticalResults() throws Exception {
        Path c1 = tmp.resolve("c1"), c2 = tmp.resolve("c2");
        String c1Out = run(c1, "-XX:TieredStopAtLevel=1"), c2Out = run(c2, "-XX:+PrintCompilation");
        assertTrue(C2_KERNEL.matcher(c2Out).find(), "C2 compiled no kernel in the default run, so nothing was compared:\n" + tail(c2Out));
        List<String> same = RunFiles.assertSameResults(c1, c2, "C1-only run vs default tiers", "metrics.csv", "results.json",
                "checkpoint.safetensors");
        System.out.println("identical under C1 and C2: " + same);
    }

    /** The tiny calibration, one epoch, in a child JVM with the given JIT flag; returns its output. */
    private static String run(Path dir, String jit) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, jit, "--add-modules", "jdk.incubator.vector", "-Dfacet.threads=2", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), TinyCalibration.class.getName(), dir.toString(), "new", "epochs=1"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), () -> "the " + jit + " run failed:\n" + tail(out));
        return out;
    }

    private static String tail(String s) { return s.substring(Math.max(0, s.length() - 4000)); }
}
