package facet.train.run;

import facet.kernels.plan.KernelPlan;
import facet.kernels.plan.KernelPlans;
import facet.nn.io.Checkpoint;
import facet.nn.optim.ParamGroup;
import facet.nn.optim.Sgd;
import facet.train.calibrate.CalibrationConfig;
import facet.train.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel plan of a run: recorded in run.json and the checkpoint; a resume under another plan
 * is refused in one sentence naming both, unless the command line can still pick the recorded one
 * (a fresh JVM: Main sets -Dfacet.plan before any kernel class initialises); a run from before
 * plans counts as made with avx512.
 */
class RunPlanTest {
    @TempDir Path tmp;
    private final PrintWriter console = new PrintWriter(new StringWriter());

    /** A named plan that is not the one this JVM runs (the test knob may run any). */
    private static final KernelPlan OTHER = KernelPlans.current().equals(KernelPlan.AVX2) ? KernelPlan.AVX512 : KernelPlan.AVX2;

    private Path run(String name) {
        Path dir = tmp.resolve(name);
        RunDir.create(dir, Config.defaults(CalibrationConfig.spec()), false, console).close();
        return dir;
    }

    /** Replaces run.json's plan entry (or removes it: a run from before plans). */
    private static void record(Path dir, KernelPlan plan) throws IOException {
        Path f = dir.resolve(RunDir.RUN);
        String json = Files.readString(f).replaceAll("\\s*\"plan\": \"[^\"]*\",?", "");
        if (plan != null) json = json.replaceFirst("\\{", "{\n  \"plan\": \"" + plan.text() + "\",");
        Files.writeString(f, json);
    }

    @Test void runJsonRecordsTheRunningPlan() {
        Path dir = run("r");
        assertEquals(KernelPlans.current().text(), RunPlan.recorded(dir));
        RunDir.resume(dir, CalibrationConfig.spec(), console).close();
    }

    @Test void aResumeUnderAnotherPlanIsRefusedNamingBothAndHowToRerun() throws IOException {
        Path dir = run("r");
        record(dir, OTHER);
        String msg = assertThrows(ConfigException.class, () -> RunDir.resume(dir, CalibrationConfig.spec(), console)).getMessage();
        assertEquals("cannot resume " + dir + ": its run.json was made with kernel plan " + OTHER + ", but this JVM runs " + KernelPlans.current()
                + ", which would change its results; rerun with -Dfacet.plan=" + OTHER.text()
                + " (through the launcher: FACET_JAVA_OPTS=-Dfacet.plan=" + OTHER.text() + " ./facet ...)", msg);
    }

    @Test void aRunFromBeforePlansWasMadeWithAvx512() throws IOException {
        Path dir = run("old");
        record(dir, null);
        assertEquals(KernelPlan.AVX512.text(), RunPlan.recorded(dir));
        if (KernelPlans.current().equals(KernelPlan.AVX512)) RunDir.resume(dir, CalibrationConfig.spec(), console).close();
        else assertThrows(ConfigException.class, () -> RunDir.resume(dir, CalibrationConfig.spec(), console));
    }

    /** A run recorded before the plan had kc_one (its text lacks the key) ran with kc_one = kc: avx512's old text is avx512. */
    @Test void aPlanRecordedBeforeKcOneReadsAsItRan() throws IOException {
        Path dir = run("before-kc-one");
        record(dir, null);
        Path f = dir.resolve(RunDir.RUN);
        String old = KernelPlan.AVX512.text().replace(",kc_one=256", "");
        Files.writeString(f, Files.readString(f).replaceFirst("\\{", "{\n  \"plan\": \"" + old + "\","));
        assertEquals(old, RunPlan.recorded(dir));
        if (KernelPlans.current().equals(KernelPlan.AVX512)) {
            RunDir.resume(dir, CalibrationConfig.spec(), console).close();
        } else {
            String msg = assertThrows(ConfigException.class, () -> RunDir.resume(dir, CalibrationConfig.spec(), console)).getMessage();
            assertTrue(msg.contains("its run.json was made with kernel plan " + KernelPlan.AVX512 + ", but"), msg);
        }
    }

    @Test void aCheckpointUnderAnotherPlanIsRefused() throws IOException {
        ResumeTest.Noisy task = new ResumeTest.Noisy(-1);
        Sgd opt = new Sgd(ParamGroup.all(task.model(), 0), 0.1, 0, false);
        Path file = tmp.resolve("checkpoint.safetensors");
        TrainState.save(file, task, opt, 3, 0, 1, new Sums());
        assertEquals(3, TrainState.load(file, task, opt).step(), "the running plan's own checkpoint loads");
        Checkpoint.save(file, task.model(), opt, Map.of(RunPlan.CHECKPOINT_KEY, OTHER.text()));
        String msg = assertThrows(ConfigException.class, () -> TrainState.load(file, task, opt)).getMessage();
        assertTrue(msg.startsWith("cannot resume " + tmp + ": its checkpoint checkpoint.safetensors was made with kernel plan " + OTHER), msg);
    }

    @Test void stagesOfADemoShareTheirFirstStagesPlan() throws IOException {
        Path demo = tmp.resolve("demo");
        Files.createDirectories(demo);
        RunDir.create(demo.resolve("b-stage"), Config.defaults(CalibrationConfig.spec()), false, console).close();
        RunDir.create(demo.resolve("a-stage"), Config.defaults(CalibrationConfig.spec()), false, console).close();
        record(demo.resolve("a-stage"), OTHER);
        assertEquals(OTHER.text(), RunPlan.recorded(demo));
        assertEquals(null, RunPlan.recorded(tmp.resolve("demo/a-stage/nothing-here")));
    }

    /**
     * The real command line in a fresh JVM, resuming a run recorded under OTHER whose config is
     * damaged: with no -Dfacet.plan it adopts OTHER and gets as far as the config; with another
     * plan forced it refuses on the plan first.
     */
    @Test void aFreshCommandLineRunsTheRecordedPlanOrRefuses() throws Exception {
        Path dir = run("r");
        record(dir, OTHER);
        Files.writeString(dir.resolve(RunDir.CONFIG), "no_such_key = 1\n");
        KernelPlan forced = OTHER.equals(KernelPlan.AVX512) ? KernelPlan.AVX512_KC128 : KernelPlan.AVX512;
        String adopted = facet(null, "finetune", "--resume", dir.toString());
        assertTrue(adopted.contains("no_such_key") && !adopted.contains("kernel plan"), adopted);
        String refused = facet(forced, "finetune", "--resume", dir.toString());
        assertTrue(refused.contains("its run.json was made with kernel plan " + OTHER + ", but this JVM runs " + forced), refused);
        assertNotEquals(OTHER, forced);
    }

    /** Main in a child JVM (this test's classpath), optionally with -Dfacet.plan; its stderr. */
    private String facet(KernelPlan plan, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "-Xmx512m"));
        if (plan != null) cmd.add("-D" + KernelPlans.PROPERTY + "=" + plan.text());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "facet " + String.join(" ", args) + " did not finish in 60 s");
        assertNotEquals(0, p.exitValue());
        return Files.readString(err, StandardCharsets.UTF_8);
    }
}
