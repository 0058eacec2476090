package facet.bench;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `./facet bench X --help` prints X's own usage and exits 0, for every benchmark (it used to answer "Unknown option"). */
class BenchMainTest {
    @Test
    void everyBenchmarkAnswersHelp() {
        CommandLine top = new CommandLine(new BenchMain());
        assertTrue(top.getSubcommands().size() >= 5, "subcommands: " + top.getSubcommands().keySet());
        for (String name : top.getSubcommands().keySet()) {
            StringWriter out = new StringWriter(), err = new StringWriter();
            CommandLine cl = new CommandLine(new BenchMain()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));
            int rc = cl.execute(name, "--help");
            assertEquals(0, rc, name + " --help: exit code; stderr:\n" + err);
            assertTrue(out.toString().startsWith("Usage: facet bench " + name), name + " --help printed:\n" + out + err);
        }
    }
}
