package facet.kernels.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The fatbin that the Maven build compiled from kernels/src/main/cuda (see build.sh there), read
 * from the classpath, and the build's one-line status: which nvcc built it, or why it is absent.
 */
public final class KernelImage {
    private KernelImage() {}

    static final String FATBIN = "/facet/kernels/cuda/facet.fatbin";
    static final String STATUS = "/facet/kernels/cuda/status.txt";

    /** The build's status line, e.g. "CUDA kernels not built: nvcc not found (...)". */
    public static String status() {
        byte[] s = read(STATUS);
        return s == null ? "CUDA kernels not built: no build status on the classpath" : new String(s, StandardCharsets.UTF_8).strip();
    }

    /** True when the classpath holds a fatbin. */
    public static boolean built() { return KernelImage.class.getResource(FATBIN) != null; }

    /** The fatbin's bytes, or null when the kernels were not built. */
    public static byte[] fatbin() { return read(FATBIN); }

    static byte[] read(String resource) {
        try (InputStream in = KernelImage.class.getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new CudaException("cannot read " + resource + ": " + e.getMessage());
        }
    }
}
