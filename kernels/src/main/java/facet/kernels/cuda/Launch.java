package facet.kernels.cuda;

/**
 * One planned kernel launch: everything cuLaunchKernel needs, built by a launcher class without
 * touching the GPU, so grid choice and argument packing are testable on any machine.
 */
public record Launch(String kernel, Dim3 grid, Dim3 block, int sharedBytes, KernelArgs args) {
    /** Threads per block of the elementwise kernels; a multiple of the warp size. */
    public static final int THREADS = 256;
    /** Grid-stride loops need no more blocks than this to fill any current card. */
    public static final int MAX_LOOP_BLOCKS = 65536;

    /** A 1-d grid-stride launch over n items, or null when there is nothing to do. */
    public static Launch loop(String kernel, long n, KernelArgs args) {
        if (n <= 0) return null;
        return new Launch(kernel, Dim3.of(loopBlocks(n, THREADS)), Dim3.of(THREADS), 0, args);
    }

    /** ceil(n / threads), capped: the kernels' grid-stride loops cover the rest. */
    public static int loopBlocks(long n, int threads) {
        return (int) Math.max(1, Math.min(MAX_LOOP_BLOCKS, (n + threads - 1) / threads));
    }

    public static int ceilDiv(long a, int b) { return (int) ((a + b - 1) / b); }

    @Override public String toString() {
        return kernel + "<<<(" + grid.x() + "," + grid.y() + "," + grid.z() + "), (" + block.x() + "," + block.y() + ","
                + block.z() + "), " + sharedBytes + ">>>(" + args + ")";
    }
}
