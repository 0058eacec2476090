package facet.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs bench/numpy_sgemm.py in a child python3 with OpenBLAS limited to t threads, so the peer
 * is measured on the same machine in the same run. Absent python3 or NumPy is a note, not an error.
 */
final class NumpyPeer {
    private NumpyPeer() {}

    private static String missing;

    static String missingReason() { return missing; }

    /** Median ms of NumPy's float32 n x n matmul with t threads, if NumPy is available. */
    static Optional<Double> sgemm(int n, int threads) {
        Path script = Path.of("bench", "numpy_sgemm.py");
        if (!Files.exists(script)) {
            missing = script + " not found (run from the repository root)";
            return Optional.empty();
        }
        try {
            ProcessBuilder pb = new ProcessBuilder("python3", script.toString(), String.valueOf(n)).redirectErrorStream(true);
            for (String v : new String[] {"OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"}) {
                pb.environment().put(v, String.valueOf(threads));
            }
            Process p = pb.start();
            String out;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                out = r.lines().reduce("", (x, y) -> x + y + "\n").trim();
            }
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                missing = "python3 " + script + " failed: " + out.lines().reduce((x, y) -> y).orElse("");
                return Optional.empty();
            }
            return Optional.of(Double.parseDouble(out.lines().reduce((x, y) -> y).orElseThrow()));
        } catch (Exception e) {
            missing = "python3 could not run: " + e.getMessage();
            return Optional.empty();
        }
    }
}
