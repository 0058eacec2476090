package facet.kernels.cuda;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How a machine without CUDA is told so: one sentence, kept from the first failure. */
class CudaAvailabilityTest {
    /** The shape of JCuda 12.6's message on a machine without libcuda.so.1 (abridged stack traces). */
    static final String JCUDA_MESSAGE = """
            Error while loading native library "JCudaDriver-12.6.0-linux-x86_64"
            Operating system name: Linux
            ---(start of nested stack traces)---
            Stack trace from the attempt to load the library as a file:
            java.lang.UnsatisfiedLinkError: no JCudaDriver-12.6.0-linux-x86_64 in java.library.path: /usr/lib
            \tat java.base/java.lang.ClassLoader.loadLibrary(ClassLoader.java:2285)
            Stack trace from the attempt to load the library as a resource:
            java.lang.UnsatisfiedLinkError: /tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file: No such file or directory
            \tat java.base/jdk.internal.loader.NativeLibraries.load(Native Method)
            ---(end of nested stack traces)---
            """;

    @Test
    void theReasonIsTheLineThatNamesTheMissingLibrary() {
        assertEquals("JCuda's driver library did not load (libcuda.so.1: cannot open shared object file: No such file or directory)",
                CudaDevice.reasonFrom(new UnsatisfiedLinkError(JCUDA_MESSAGE)));
        assertEquals("JCuda's driver library did not load (Could not initialize class jcuda.driver.JCudaDriver)",
                CudaDevice.reasonFrom(new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver")));
    }

    @Test
    void theBuildStatusSaysWhetherKernelsWereCompiled() {
        String s = KernelImage.status();
        if (KernelImage.built()) assertTrue(s.startsWith("CUDA kernels built by nvcc"), s);
        else assertTrue(s.startsWith("CUDA kernels not built: nvcc not found"), s);
    }

    @Test
    void withoutAGpuEveryAskGetsTheFirstReasonAgain() {
        String first = CudaDevice.unavailableReason(0);
        assumeTrue(first != null, "a GPU is present: " + "cuda:0 is available");
        assertEquals(first, CudaDevice.unavailableReason(0), "later calls must not see JCuda's NoClassDefFoundError instead");
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> CudaDevice.get(0));
        assertTrue(e.getMessage().contains(first), e.getMessage());
    }
}
