package facet.train.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ./facet pretrain survives SIGKILL: a tiny two-phase ESGM pre-training in a child JVM, killed at a
 * random row of either phase (after the first checkpoint), then resumed, ends with the same
 * metrics-phase1.csv and metrics-phase2.csv as an uninterrupted run, row for row and bit for bit
 * (every column but the measured images_per_s), and the same summary fractions.
 */
class PretrainKillResumeTest {
    @TempDir Path tmp;

    @Test void killedAndResumedPretrainingWritesTheSameMetrics() throws Exception {
        Path cache = tmp.resolve("cache"), whole = tmp.resolve("whole"), killed = tmp.resolve("killed");
        assertEquals(0, child(whole, cache, "new").waitFor(), () -> log(whole, "new"));
        List<String> p1 = deterministic(whole.resolve("metrics-phase1.csv")), p2 = deterministic(whole.resolve("metrics-phase2.csv"));
        int rows = p1.size() + p2.size() - 2;
        long seed = System.nanoTime();
        int killAfter = 4 + new Random(seed).nextInt(rows - 6);   // after the first checkpoint (step 3)
        Process p = child(killed, cache, "new");
        while (p.isAlive() && lines(killed.resolve("metrics-phase1.csv")) + lines(killed.resolve("metrics-phase2.csv")) - 2 <= killAfter) Thread.sleep(2);
        Thread.sleep(new Random(seed + 1).nextInt(30));
        p.destroyForcibly().waitFor();
        assertTrue(!Files.exists(killed.resolve("summary.json")), "the kill (seed " + seed + ") came after the run finished");
        assertEquals(0, child(killed, cache, "resume").waitFor(), () -> log(killed, "resume"));
        assertEquals(p1, deterministic(killed.resolve("metrics-phase1.csv")), "phase 1 metrics (seed " + seed + ", kill after row " + killAfter + ")");
        assertEquals(p2, deterministic(killed.resolve("metrics-phase2.csv")), "phase 2 metrics (seed " + seed + ", kill after row " + killAfter + ")");
        assertEquals(fractions(whole), fractions(killed), "summary.json's masking fractions");
        assertTrue(Files.readString(killed.resolve("log.txt")).contains("resuming"), "the second run resumed");
    }

    private static Process child(Path dir, Path cache, String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Dfacet.threads=1", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), TinyPretrain.class.getName(), dir.toString(), cache.toString(), mode));
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

    private static int lines(Path csv) {
        try {
            return Files.exists(csv) ? (int) Files.lines(csv).count() : 1;
        } catch (IOException | java.io.UncheckedIOException e) {
            return 1;   // being replaced right now
        }
    }

    private static String fractions(Path run) throws IOException {
        String s = Files.readString(run.resolve("summary.json"));
        return s.substring(s.indexOf("\"masked_expression_fraction\""), s.indexOf(", \"seconds\""));
    }

    /** A metrics file without its last column (images_per_s: a measured rate, not a result). */
    private static List<String> deterministic(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv)) out.add(line.substring(0, line.lastIndexOf(',')));
        return out;
    }
}
