package facet.kernels.cpu;

/**
 * Per-thread scratch arrays that grow and are reused, so kernels in a training step allocate
 * nothing per call once warm. Each slot is one independent buffer; a kernel must not hold a
 * slot across a call into another kernel that may use the same slot.
 */
public final class Scratch {
    private Scratch() {}

    /** Named slots, one buffer each per thread. */
    public enum Slot { GEMM_A, GEMM_B, GEMM_SHARED, GEMM_PARTIAL, GEMM_TILE, GEMM_ACC, CONV_COL, CONV_BATCH, CONV_PAD, CONV_WIDE, CONV_W, WINO_U, WINO_V, WINO_M, WINO_ROWS, ATTN, ROW }

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[Slot.values().length][0]);

    /** A buffer of at least n floats (contents undefined). */
    public static float[] floats(Slot slot, int n) {
        float[][] b = BUFFERS.get();
        float[] a = b[slot.ordinal()];
        if (a.length < n) {
            a = new float[Math.max(n, a.length + (a.length >> 1))];
            b[slot.ordinal()] = a;
        }
        return a;
    }
}
