package facet.kernels.cuda;

/** Launcher of philox.cu: the CPU's Philox 4x32-10 stream (facet.kernels.cpu.Philox), on the device. */
public final class Philox {
    private Philox() {}

    /** out[0..n) = uniform [0, 1) or standard normal numbers of the request at block offset under seed. */
    public static Launch fill(boolean normal, long n, long seed, long offset, long out) {
        return Launch.loop("philox_f32", (n + 3) / 4, new KernelArgs().i32(normal ? 1 : 0).i64(n).i64(seed).i64(offset).ptr(out));
    }
}
