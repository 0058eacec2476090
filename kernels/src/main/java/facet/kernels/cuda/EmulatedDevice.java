package facet.kernels.cuda;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * cuda:0 played by the CPU emulator of the kernels (kernels/src/test/cuda/emulate.cpp, built by the
 * kernels module when a C++20 compiler is present), for running the CUDA backend and its tests on a
 * machine without a GPU: {@code -Dfacet.cuda.emulator=kernels/target/cuda/emulate}. The same kernel
 * sources and Java launchers run; only the TF32 tensor-core kernels are missing. It reports 132
 * multiprocessors, an H100's, so launch plans are the ones an H100 gets. Slow: a thread per CUDA thread.
 *
 * <p>Protocol (one command per line, on the emulator's stdin): {@code A id bytes}, {@code F id},
 * {@code M address value words}, {@code U address f|i|d n values}, {@code D address f|i|d n} (the
 * emulator answers with one line), and launches {@code L ...} as EmulatedKernelsTest sends them. A
 * buffer's address is (id + 1) << 36.
 */
public final class EmulatedDevice implements GpuDevice {
    private final Process process;
    private final BufferedWriter in;
    private final BufferedReader out;
    private final DeviceAllocator allocator;
    private final Path exe;
    private long nextId;

    EmulatedDevice(Path exe) {
        if (!Files.isExecutable(exe)) {
            throw new CudaException("the CUDA emulator " + exe + " is not built (the kernels module builds it with a C++20 compiler)");
        }
        this.exe = exe;
        try {
            process = new ProcessBuilder(exe.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new CudaException("cannot start the CUDA emulator " + exe + ": " + e.getMessage());
        }
        in = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII), 1 << 16);
        out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII), 1 << 16);
        allocator = new DeviceAllocator(new DeviceAllocator.RawMemory() {
            @Override public long malloc(long bytes) {
                long id = nextId++;
                send("A " + id + " " + bytes);
                return (id + 1) << 36;
            }

            @Override public void free(long address) { send("F " + ((address >> 36) - 1)); }
        }, System::gc, 256L << 20);
    }

    private synchronized void send(String line) {
        try {
            in.write(line);
            in.write('\n');
        } catch (IOException e) {
            throw new CudaException("the CUDA emulator stopped: " + e.getMessage());
        }
    }

    @Override public void run(Launch l) {
        KernelArgs a = l.args();
        StringBuilder sb = new StringBuilder(String.format("L %s %d %d %d %d %d %d %d %d", l.kernel(), l.grid().x(), l.grid().y(),
                l.grid().z(), l.block().x(), l.block().y(), l.block().z(), l.sharedBytes(), a.size()));
        for (int i = 0; i < a.size(); i++) {
            Object v = a.value(i);
            switch (a.kinds().get(i)) {
                case "f32" -> sb.append(" f32 ").append(String.format("%08x", Float.floatToRawIntBits((Float) v)));
                case "i32", "i64", "ptr" -> sb.append(' ').append(a.kinds().get(i)).append(' ').append(v);
                default -> {
                    int[] s = (int[]) v;
                    sb.append(" ints ").append(s.length);
                    for (int x : s) sb.append(' ').append(x);
                }
            }
        }
        send(sb.toString());
    }

    @Override public void fill32(long address, int value, long words) {
        if (words > 0) send("M " + address + " " + value + " " + words);
    }

    @Override public void upload(Object array, long address) {
        int n = java.lang.reflect.Array.getLength(array);
        if (n == 0) return;
        StringBuilder sb = new StringBuilder("U ").append(address).append(' ').append(kind(array)).append(' ').append(n);
        switch (array) {
            case float[] f -> { for (float x : f) sb.append(' ').append(Integer.toHexString(Float.floatToRawIntBits(x))); }
            case double[] d -> { for (double x : d) sb.append(' ').append(Long.toHexString(Double.doubleToRawLongBits(x))); }
            case int[] v -> { for (int x : v) sb.append(' ').append(x); }
            default -> throw new IllegalArgumentException("unreachable");
        }
        send(sb.toString());
    }

    @Override public synchronized void download(long address, Object array) {
        int n = java.lang.reflect.Array.getLength(array);
        if (n == 0) return;
        send("D " + address + " " + kind(array) + " " + n);
        String line;
        try {
            in.flush();
            line = out.readLine();
        } catch (IOException e) {
            throw new CudaException("the CUDA emulator stopped: " + e.getMessage());
        }
        if (line == null) throw new CudaException("the CUDA emulator stopped (a kernel or copy failed; see its message above)");
        String[] w = line.trim().split(" ");
        for (int i = 0; i < n; i++) {
            switch (array) {
                case float[] f -> f[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(w[i], 16));
                case double[] d -> d[i] = Double.longBitsToDouble(Long.parseUnsignedLong(w[i], 16));
                case int[] v -> v[i] = Integer.parseInt(w[i]);
                default -> throw new IllegalArgumentException("unreachable");
            }
        }
    }

    private static char kind(Object array) {
        return switch (array) {
            case float[] ignored -> 'f';
            case double[] ignored -> 'd';
            case int[] ignored -> 'i';
            default -> throw new IllegalArgumentException("copies take float[], double[] or int[], not " + array.getClass().getSimpleName());
        };
    }

    /** The emulator runs each command to completion before reading the next: a round trip is a synchronisation. */
    @Override public void synchronize() {
        DeviceAllocator.Block b = allocator.allocate(4);
        download(b.address, new int[1]);
        b.release();
    }

    @Override public DeviceAllocator allocator() { return allocator; }

    @Override public int multiprocessors() { return 132; }

    @Override public String name() { return "CPU emulator of the CUDA kernels (" + exe + ", no tensor cores)"; }

    @Override public long totalMemory() { return 8L << 30; }
}
