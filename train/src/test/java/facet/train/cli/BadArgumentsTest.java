package facet.train.cli;

import facet.train.data.synth.Domain;
import facet.train.data.synth.Export;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's bad arguments, each run through Main as the launcher runs it: the exit code (2 for a
 * bad option, 1 for bad input), exactly one line on stderr naming what is wrong, no stack trace,
 * and nothing written. DIR is a scratch folder holding a 20-image RAF-DB export and a file.
 */
class BadArgumentsTest {
    @TempDir static Path dir;

    @BeforeAll
    static void dataset() throws IOException {
        Export.write(Domain.RAF, "rafdb", 20, 1, dir.resolve("raf"), false, 1);
        Files.writeString(dir.resolve("afile"), "not a folder\n");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "gradcheck --op nosuchop                              | 2 | --op: no op named 'nosuchop'",
            "gradcheck --op matmul --dims -1,2 --seed 5           | 2 | --dims [-1, 2] is not a valid case of matmul",
            "gradcheck --op matmul --dims 1,2                     | 2 | --dims needs --op and --seed",
            "gradcheck --dims 1,2 --seed 5                        | 2 | --dims needs --op and --seed",
            "gradcheck --cases -1                                 | 2 | --cases must be between 1 and",
            "model vit-tiny --image 30                            | 2 | --image 30 does not suit vit-tiny",
            "model resnet18-small --depth -1                      | 2 | --depth must be at least 0, got -1",
            "model nosuchmodel                                    | 2 | unknown model 'nosuchmodel'",
            "synth --domain raf --count -5 --out DIR/new          | 2 | --count must be between 1 and 10000000, got -5",
            "synth --domain raf --count 0 --out DIR/new           | 2 | --count must be between 1 and 10000000, got 0",
            "synth --domain raf --count 5 --out DIR/afile         | 1 | --out is a file, not a folder",
            "synth --domain raf --count 5 --format rafdb --out DIR/raf | 1 | --out already holds files; pass --overwrite",
            "synth --sheet DIR                                    | 2 | is a folder; name a .png file",
            "synth --sheet DIR/afile                              | 2 | must name a .png file",
            "synth --domain nosuch --count 5 --out DIR/new        | 2 | --domain: unknown synthetic domain 'nosuch'",
            "data check --threads -3 --format rafdb DIR/raf       | 2 | --threads must be between 1 and 1024, got -3",
            "data check --format nosuch DIR/raf                   | 2 | --format: unknown dataset format 'nosuch'",
            "data check --format fer2013 DIR/raf                  | 1 | no fer2013.csv",
            "data calibrate --epochs 0                            | 2 | --epochs must be between 1 and 10000, got 0",
            "data calibrate --batch 0                             | 2 | --batch must be between 1 and 6000, got 0",
            "data calibrate --lr NaN                              | 2 | --lr must be above 0.0",
            "data calibrate --source faces                        | 2 | --source faces is unlabelled",
            "synth --count abc                                    | 2 | Invalid value for option '--count'",
    })
    void failsWithOneLineAndNoTrace(String args, int code, String message) throws IOException {
        long before = Files.size(labels());
        String[] r = SynthRoundTripTest.run(args.replace("DIR", dir.toString()).trim().split("\\s+"));
        String err = r[2];
        assertEquals(code, Integer.parseInt(r[0]), args + " exit code; stderr: " + err);
        assertEquals(1, err.lines().count(), args + " should print one line; stderr: " + err);
        assertTrue(err.contains(message), args + " should say '" + message + "'; stderr: " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), args + " printed a stack trace or exception name: " + err);
        assertEquals(before, Files.size(labels()), "the RAF-DB label file changed");
        assertFalse(Files.exists(dir.resolve("new")), args + " created its --out folder");
    }

    private static Path labels() { return dir.resolve("raf/basic/EmoLabel/list_patition_label.txt"); }

    /** The same failures with --debug show their trace: the mapping hides it, it does not lose it. */
    @Test
    void debugShowsTheTrace() {
        String[] r = SynthRoundTripTest.run("synth", "--domain", "raf", "--count", "5", "--out", dir.resolve("afile").toString(), "--debug");
        assertEquals("1", r[0]);
        assertTrue(r[2].lines().count() > 3 && r[2].contains("\tat "), r[2]);
    }

    /** `facet` alone: the message, then the usage once (it used to be printed twice). */
    @Test
    void noSubcommandPrintsUsageOnce() {
        String[] r = SynthRoundTripTest.run();
        assertEquals("2", r[0]);
        assertEquals(1, r[2].lines().filter(l -> l.startsWith("Usage: facet")).count(), r[2]);
        assertTrue(r[2].startsWith("facet: a subcommand is required"), r[2]);
    }

    /** test and bench are subcommands in --help like the others, not a footer. */
    @Test
    void helpListsTestAndBench() {
        String[] r = SynthRoundTripTest.run("--help");
        assertTrue(r[1].lines().anyMatch(l -> l.matches("\\s+test\\s+Run the whole test suite.*")), r[1]);
        assertTrue(r[1].lines().anyMatch(l -> l.matches("\\s+bench\\s+Benchmarks.*")), r[1]);
    }
}
