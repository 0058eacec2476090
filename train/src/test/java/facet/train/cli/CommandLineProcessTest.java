package facet.train.cli;

import facet.tensor.Backends;
import facet.train.experiment.Finetuning;
import facet.train.experiment.TableMaker;
import facet.train.run.Config;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The command line as a user meets it: each command runs in a child JVM, as the launcher starts
 * it, and the test reads the child's standard output and error streams, not picocli's in-process
 * writers. Output a command leaves unflushed when the process exits is lost here as it is for a
 * user (./facet table printed nothing for that reason).
 */
class CommandLineProcessTest {
    @TempDir static Path dir;

    /** What a child printed: exit code, stdout, stderr without the JVM's incubator warning (the launcher drops it too). */
    record Run(int code, String out, String err) {
        @Override public String toString() { return "exit " + code + "\n--- stdout\n" + out + "--- stderr\n" + err; }
    }

    static Run facet(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-Xmx1g", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(Arrays.asList(args));
        Path out = Files.createTempFile(dir, "out", ".txt"), err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "facet " + String.join(" ", args) + " did not finish in 120 s");
        String e = String.join("", Files.readString(err, StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .map(l -> l + "\n").toList());
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), e);
    }

    static List<String> commands() { return List.copyOf(Main.commandLine().getSubcommands().keySet()); }

    @ParameterizedTest(name = "{0} --help")
    @MethodSource("commands")
    void everyCommandPrintsItsHelp(String command) throws Exception {
        Run r = facet(command, "--help");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("Usage: facet " + command), r::toString);
        assertEquals("", r.err(), r::toString);
    }

    @Test void configPrintsEveryDefault() throws Exception {
        Run r = facet("config", "--print", "pretrain");
        assertEquals(0, r.code(), r::toString);
        assertEquals(Config.defaults(RunKinds.spec("pretrain")).text(), r.out());
    }

    @Test void infoNamesTheBackends() throws Exception {
        Run r = facet("info");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("cpu ")) && r.out().lines().anyMatch(l -> l.startsWith("cuda ")), r::toString);
    }

    @Test void modelListsItsLayers() throws Exception {
        Run r = facet("model", "resnet18-small", "--depth", "1");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("parameters"), r::toString);
    }

    // ---- table: the Markdown table of evaluated runs, on standard output ------------------------

    /** Three hand-made evaluated fine-tunings: esgm + progressive at seeds 1 and 2 (one row, mean ± std) and image + none. */
    @BeforeAll
    static void evaluatedRuns() throws IOException {
        run("esgm-1", Config.defaults(Finetuning.spec()).with("seed", 1L), 0.50, 0.25, 0.75);
        run("esgm-2", Config.defaults(Finetuning.spec()).with("seed", 2L), 0.60, 0.35, 0.85);
        run("image", Config.defaults(Finetuning.spec()).with("input", "image").with("variant", "none"), 0.30, 0.20, 0.90);
    }

    /** A run folder as ./facet eval leaves it, for what ./facet table reads: config.conf and results.csv. */
    private static void run(String name, Config c, double sfew, double jaffe, double source) throws IOException {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("config.conf"), c.with("targets", "sfew,jaffe").text());
        Files.writeString(d.resolve("results.csv"), "role,dataset,samples,accuracy,mean_recall,majority_accuracy\n"
                + "source,raf,100," + source + ",0.5,0.2\ntarget,sfew,100," + sfew + ",0.4,0.2\ntarget,jaffe,100," + jaffe + ",0.3,0.2\n");
    }

    @Test void tablePrintsTheMarkdownTable() throws Exception {
        Run r = facet("table", "esgm-1", "esgm-2", "image", "--csv", "table.csv");
        assertEquals(0, r.code(), r::toString);
        String want = TableMaker.table(List.of(dir.resolve("esgm-1"), dir.resolve("esgm-2"), dir.resolve("image"))).markdown();
        assertEquals(want, r.out(), "the child's stdout is not the table");
        assertTrue(r.out().contains("| esgm + progressive (2 seeds) | **55.00 ± 7.07** | **30.00 ± 7.07** |"), r::toString);
        assertTrue(r.out().contains("| image + none | 30.00 | 20.00 | 25.00 | **90.00** |"), r::toString);
        assertTrue(Files.readString(dir.resolve("table.csv")).contains("esgm + progressive"), "table.csv");
    }

    // ---- --device cuda without a GPU: one sentence, exit 2, nothing left behind -------------------

    @ParameterizedTest(name = "{0} --device cuda")
    @ValueSource(strings = {"pretrain", "finetune --input image", "demo --quick", "ablate --quick --seeds 1"})
    void aMissingGpuIsOneSentenceAndNoFolder(String command) throws Exception {
        String why = Backends.cudaUnavailableReason();
        assumeTrue(why != null, "cuda:0 is available on this machine");
        Path out = dir.resolve("nogpu-" + command.split(" ")[0]);
        List<String> args = new ArrayList<>(Arrays.asList(command.split(" ")));
        args.addAll(List.of("--device", "cuda", "--out", out.toString()));
        Run r = facet(args.toArray(String[]::new));
        assertEquals(2, r.code(), r::toString);
        assertEquals("facet " + command.split(" ")[0] + ": --device cuda: cuda:0 is not available (" + why + ")\n", r.err());
        assertEquals("", r.out(), r::toString);
        assertFalse(Files.exists(out), out + " was left behind");
    }

    @Test void evalOnAMissingGpuIsOneSentence() throws Exception {
        assumeTrue(Backends.cudaUnavailableReason() != null, "cuda:0 is available on this machine");
        Run r = facet("eval", "--from", "esgm-1", "--device", "cuda:0");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("facet eval: --device cuda:0: cuda:0 is not available (") && r.err().lines().count() == 1, r::toString);
    }

    @Test void aBadDeviceNameIsOneSentence() throws Exception {
        Run r = facet("pretrain", "--device", "gpu", "--out", dir.resolve("badname").toString());
        assertEquals(2, r.code(), r::toString);
        assertEquals("facet pretrain: --device gpu: expected cpu, cuda or cuda:N\n", r.err());
        assertFalse(Files.exists(dir.resolve("badname")));
    }
}
