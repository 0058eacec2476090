package facet.cuda;

import facet.kernels.cuda.KernelArgs;
import facet.kernels.cuda.Launch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A script for kernels/target/cuda/emulate (the CUDA kernels compiled for the CPU with
 * kernels/src/test/cuda/emulator.h): buffers, launches planned by the real Java launchers, and
 * the buffers to read back. A buffer's device address is (id + 1) << 36, plus a byte offset.
 */
final class Emulator {
    static final Path EXE = Path.of("../kernels/target/cuda/emulate");

    private final StringBuilder script = new StringBuilder();
    private final List<Integer> outputs = new ArrayList<>();
    private int next;

    static void require() {
        assumeTrue(Files.isExecutable(EXE), "no CPU emulator of the kernels was built (it needs a C++20 compiler)");
    }

    static long address(int id) { return (id + 1L) << 36; }

    int floats(float... v) {
        script.append("B ").append(next).append(" f ").append(v.length);
        for (float f : v) script.append(' ').append(String.format("%08x", Float.floatToRawIntBits(f)));
        script.append('\n');
        return next++;
    }

    int ints(int... v) {
        script.append("B ").append(next).append(" i ").append(v.length);
        for (int i : v) script.append(' ').append(i);
        script.append('\n');
        return next++;
    }

    int zeros(long bytes) {
        script.append("Z ").append(next).append(' ').append(Math.max(bytes, 4)).append('\n');
        return next++;
    }

    void launch(Launch l) {
        if (l == null) return;
        KernelArgs a = l.args();
        script.append(String.format("L %s %d %d %d %d %d %d %d %d", l.kernel(), l.grid().x(), l.grid().y(), l.grid().z(), l.block().x(),
                l.block().y(), l.block().z(), l.sharedBytes(), a.size()));
        for (int i = 0; i < a.size(); i++) {
            String kind = a.kinds().get(i);
            Object v = a.value(i);
            switch (kind) {
                case "f32" -> script.append(" f32 ").append(String.format("%08x", Float.floatToRawIntBits((Float) v)));
                case "i32", "i64", "ptr" -> script.append(' ').append(kind).append(' ').append(v);
                default -> {
                    int[] s = (int[]) v;
                    script.append(" ints ").append(s.length);
                    for (int x : s) script.append(' ').append(x);
                }
            }
        }
        script.append('\n');
    }

    void launch(List<Launch> ls) { ls.forEach(this::launch); }

    void output(int id) {
        script.append("O ").append(id).append('\n');
        outputs.add(id);
    }

    /** Runs the script; one parsed line per output, in order: float bits (or ints for int buffers) as floats. */
    List<String[]> run() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(EXE.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (var in = p.getOutputStream()) {
                in.write(script.toString().getBytes(StandardCharsets.US_ASCII));
            } catch (IOException ignored) {
                // the emulator stopped early: its exit code says why
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        feeder.join();
        assertEquals(0, p.waitFor(), "the emulator failed");
        List<String[]> lines = new ArrayList<>();
        for (String line : out.lines().toList()) lines.add(line.isBlank() ? new String[0] : line.trim().split(" "));
        assertEquals(outputs.size(), lines.size(), "outputs");
        return lines;
    }

    static float[] asFloats(String[] words, int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(words[i], 16));
        return f;
    }

    static int[] asInts(String[] words, int n) {
        int[] v = new int[n];
        for (int i = 0; i < n; i++) v[i] = Integer.parseInt(words[i]);
        return v;
    }
}
