package facet.bench;

import facet.tensor.Backends;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Without a GPU the GPU benchmark prints its CSV header and why it skipped, and exits normally. */
class GpuBenchmarkTest {
    @Test
    void withoutAGpuItSaysWhyItSkipped() {
        String why = Backends.cudaUnavailableReason();
        assumeTrue(why != null, "a GPU is present: the benchmark would run");
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            GpuBenchmark.main(new String[] {"--quick"});
        } finally {
            System.setOut(old);
        }
        assertEquals("op,shape,facet_ms,flop,bytes\n# skipped: " + why + "\n", buf.toString());
    }
}
