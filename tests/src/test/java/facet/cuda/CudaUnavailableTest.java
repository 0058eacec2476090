package facet.cuda;

import facet.tensor.Backends;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Tensor;
import facet.train.cli.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** On a machine without a usable GPU, asking for cuda:0 fails with one sentence that says why, everywhere. */
class CudaUnavailableTest {
    @Test
    void tensorsOnCudaFailWithTheReasonAndInfoPrintsIt() {
        String why = Backends.cudaUnavailableReason();
        assumeTrue(why != null, "cuda:0 is available on this machine");
        var e = assertThrows(IllegalStateException.class, () -> Tensor.zeros(Device.cuda(0), DType.F32, 2, 3));
        assertEquals("device cuda:0 is not available: " + why, e.getMessage());
        assertThrows(IllegalStateException.class, () -> Tensor.ones(4).to(Device.cuda(0)));

        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            assertEquals(0, Main.commandLine().execute("info"));
        } finally {
            System.setOut(old);
        }
        String info = buf.toString();
        assertTrue(info.lines().anyMatch(l -> l.matches("cuda +unavailable: .*") && l.endsWith(why)), info);
        assertTrue(info.lines().anyMatch(l -> l.startsWith("kernels ") && l.contains("CUDA kernels")), info);
    }
}
