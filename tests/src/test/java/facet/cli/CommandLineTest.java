package facet.cli;

import facet.train.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's contract: usage and exit code 2 for unknown input, --help everywhere, rows from gradcheck. */
class CommandLineTest {
    static int run(StringWriter out, StringWriter err, String... args) {
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void unknownSubcommandPrintsUsageAndExitsWithTwo() {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(2, run(out, err, "frobnicate"));
        assertTrue(err.toString().contains("Usage: facet"), err.toString());
    }

    /** --help is inherited: every subcommand prints its own usage and exits 0 (it used to say "Unknown option"). */
    @Test
    void everySubcommandAnswersHelp() {
        for (String[] cmd : new String[][] {{"info"}, {"gradcheck"}, {"model"}, {"synth"}, {"data"}, {"data", "check"}, {"data", "calibrate"}}) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            String[] args = java.util.Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            String name = String.join(" ", cmd);
            assertEquals(0, run(out, err, args), name + ": " + err);
            assertTrue(out.toString().startsWith("Usage: facet " + name), name + ": " + out);
        }
    }

    @Test
    void gradcheckPrintsARowPerOpAndExitsZero() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        int code;
        try {
            code = run(new StringWriter(), new StringWriter(), "gradcheck", "--op", "conv2d", "--cases", "3");
        } finally {
            System.setOut(old);
        }
        String text = buf.toString();
        assertEquals(0, code, text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("conv2d") && l.endsWith("pass")), text);
    }

    @Test
    void gradcheckRerunsOneCaseFromItsSeedAndDims() {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            assertEquals(0, run(new StringWriter(), new StringWriter(), "gradcheck", "--op", "matmul", "--seed", "5", "--dims", "1,2,3,4,5"));
        } finally {
            System.setOut(old);
        }
        assertTrue(buf.toString().startsWith("matmul passed on a [2, 3, 4]"), buf.toString());
    }
}
