package facet.train.experiment;

import facet.train.cli.Main;
import facet.train.run.RunFiles;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ./facet pretrain survives SIGKILL in either phase: a tiny two-phase ESGM pre-training
 * ({@code facet pretrain} in a child JVM) is killed in phase 1 mid-epoch (it resumes from the
 * step-4 checkpoint), resumed, killed again in phase 2 just after its first epoch-end checkpoint
 * (step 8: the next epoch starts from the checkpoint), and resumed again: the two ways a resume
 * starts. Each resume must continue its own phase from a step past 0 (a phase 2 that restarted
 * from scratch would write the same rows, since phase 1's end fixes its start), and the run must
 * end with the same metrics, summary.json, checkpoints and encoder weights as an uninterrupted
 * run, bit for bit (see {@link RunFiles}).
 */
class PretrainKillResumeTest {
    /** 64 faces in batches of 8, 2 epochs a phase: 16 rows a phase, checkpoints at steps 4, 8 (epoch end), 12 and 16. */
    private static final List<String> TINY = List.of("train_count=64", "heldout_count=8", "dim=32", "depth=1", "heads=2", "decoder_dim=16",
            "decoder_depth=1", "decoder_heads=2", "patch=8", "init=", "probe_train_count=64", "probe_test_count=32", "epochs=2", "phase2_epochs=2",
            "batch=8", "checkpoint_every=4", "threads=1");
    private static final String PHASE1 = "metrics-phase1.csv", PHASE2 = "metrics-phase2.csv";

    @TempDir Path tmp;

    @Test void pretrainingKilledInEachPhaseResumesThatPhaseAndEndsBitForBitLikeAnUninterruptedOne() throws Exception {
        Path cache = tmp.resolve("cache"), whole = tmp.resolve("whole"), killed = tmp.resolve("killed");
        assertEquals(0, start(whole, cache, "new").waitFor(), () -> output(whole, "new"));
        assertEquals(17, lines(whole.resolve(PHASE1)), "phase 1 rows and header");
        assertEquals(17, lines(whole.resolve(PHASE2)), "phase 2 rows and header");
        long seed = System.nanoTime();
        Random r = new Random(seed);
        // past 4 or 5 rows the step-4 checkpoint is the last one; past 8 or 9, step 8's (the epoch's end): two steps before the next
        int kill1 = 4 + r.nextInt(2), kill2 = 8 + r.nextInt(2);
        String context = "seed " + seed + ": killed once phase 1 had more than " + kill1 + " rows, then phase 2 more than " + kill2;

        killAfter(killed, cache, "new", PHASE1, kill1, r, context);
        killAfter(killed, cache, "resume1", PHASE2, kill2, r, context);
        assertEquals(0, start(killed, cache, "resume2").waitFor(), () -> output(killed, "resume2"));

        long at1 = resumedAt(output(killed, "resume1"), "phase1"), at2 = resumedAt(output(killed, "resume2"), "phase2");
        assertTrue(at1 > 0, "the first resume did not continue phase 1 (" + context + "):\n" + output(killed, "resume1"));
        assertTrue(at2 > 0, "the second resume did not continue phase 2 (" + context + "):\n" + output(killed, "resume2"));
        context += "; resumed phase 1 at step " + at1 + ", phase 2 at step " + at2;
        List<String> same = RunFiles.assertSameResults(whole, killed, context, PHASE1, PHASE2, "summary.json", "encoder.safetensors");
        System.out.println(context + "; identical: " + same);
    }

    /**
     * Starts the run (mode: new or resume...), waits until the named CSV has more than rows rows,
     * lets a random few milliseconds pass (mid-step, mid-write or mid-checkpoint), then SIGKILLs it.
     */
    private static void killAfter(Path dir, Path cache, String mode, String csv, int rows, Random r, String context)
            throws IOException, InterruptedException {
        Process p = start(dir, cache, mode);
        while (p.isAlive() && lines(dir.resolve(csv)) - 1 <= rows) Thread.sleep(2);
        assertTrue(p.isAlive(), () -> "the " + mode + " run ended before " + csv + " had " + rows + " rows (" + context + "):\n" + output(dir, mode));
        Thread.sleep(r.nextInt(30));
        p.destroyForcibly().waitFor();   // SIGKILL on Linux: no shutdown hooks, no flush
        assertFalse(Files.exists(dir.resolve("summary.json")), "the " + mode + " run finished before its kill (" + context + ")");
    }

    /** The step a resume's output says it continued the phase from, or -1. */
    private static long resumedAt(String output, String phase) {
        Matcher m = Pattern.compile("resuming " + phase + " from step (\\d+)").matcher(output);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** ./facet pretrain in a child JVM on this test's classpath: a new run (the tiny config) or a resume of dir. */
    private static Process start(Path dir, Path cache, String mode) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Dfacet.threads=1", "-Xmx1g",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "pretrain"));
        if (mode.equals("new")) {
            cmd.addAll(List.of("--out", dir.toString(), "--set", "cache=" + cache));
            for (String kv : TINY) cmd.addAll(List.of("--set", kv));
        } else {
            cmd.addAll(List.of("--resume", dir.toString()));
        }
        File out = dir.resolveSibling(dir.getFileName() + "-" + mode + ".out").toFile();
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out).start();
    }

    private static String output(Path dir, String mode) {
        try {
            return Files.readString(dir.resolveSibling(dir.getFileName() + "-" + mode + ".out"));
        } catch (IOException e) {
            return "(no child output)";
        }
    }

    /** The lines of a CSV being written by another process (0 before it exists or while it is replaced). */
    private static int lines(Path csv) {
        try {
            return Files.exists(csv) ? (int) Files.lines(csv).count() : 0;
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }
}
