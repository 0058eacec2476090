package facet.train.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17's run that survives: a real calibration child process, SIGKILLed at a random step
 * after its first checkpoint, then resumed from a step past 0, ends with the same metrics.csv,
 * results.json (tested in eval mode: batch norm's running statistics count) and final checkpoint
 * (weights, buffers, AdamW's moments and step counts) as an uninterrupted run, bit for bit (see
 * {@link RunFiles}). The seed of the kill point is printed.
 */
class KillResumeTest {
    @TempDir Path tmp;

    @Test void killedAndResumedRunEndsBitForBitLikeAnUninterruptedOne() throws Exception {
        Path whole = tmp.resolve("whole"), killed = tmp.resolve("killed");
        assertEquals(0, child(whole, "new").waitFor(), () -> log(whole, "new"));
        List<String> expected = RunFiles.rows(whole.resolve("metrics.csv"));
        int rows = expected.size() - 1;
        assertTrue(rows >= 20, "the tiny run should log every step, got " + rows + " rows");

        long seed = System.nanoTime();
        // after the first checkpoint (step 3): a kill before it restarts from scratch, which proves nothing about resuming
        int killAfter = 4 + new Random(seed).nextInt(rows - 6);
        Process p = child(killed, "new");
        Path csv = killed.resolve("metrics.csv");
        while (p.isAlive() && lines(csv) <= killAfter) Thread.sleep(2);
        Thread.sleep(new Random(seed + 1).nextInt(40));   // and a little later: mid-step, mid-write or mid-checkpoint
        p.destroyForcibly().waitFor();                      // SIGKILL on Linux: no shutdown hooks, no flush
        int before = lines(csv) - 1;
        assertTrue(before < rows, "the kill (seed " + seed + ", after row " + killAfter + ") came after the run finished");

        assertEquals(0, child(killed, "resume").waitFor(), () -> log(killed, "resume"));
        String context = "killed after " + before + " rows, seed " + seed;
        Matcher resumed = Pattern.compile("resuming from step (\\d+)").matcher(Files.readString(killed.resolve("log.txt")));
        assertTrue(resumed.find() && Long.parseLong(resumed.group(1)) > 0, "the second run did not resume from a step past 0 (" + context + ")");
        RunFiles.assertSameResults(whole, killed, context, "metrics.csv", "results.json", "checkpoint.safetensors");
    }

    /** The child JVM: this test's java and classpath, two kernel threads, the tiny calibration. */
    private static Process child(Path dir, String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Dfacet.threads=2", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), TinyCalibration.class.getName(), dir.toString(), mode));
        Files.createDirectories(dir.getParent());
        File out = dir.getParent().resolve(dir.getFileName() + "-" + mode + ".out").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out)).start();
    }

    private static String log(Path dir, String mode) {
        try {
            return "child output:\n" + Files.readString(dir.getParent().resolve(dir.getFileName() + "-" + mode + ".out"));
        } catch (IOException e) {
            return "no child output";
        }
    }

    private static int lines(Path csv) throws IOException {
        if (!Files.exists(csv)) return 0;
        try {
            return (int) Files.lines(csv).count();
        } catch (UncheckedIOException e) {
            return 0;   // being replaced right now
        }
    }
}
