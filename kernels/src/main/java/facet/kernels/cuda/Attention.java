package facet.kernels.cuda;

import java.util.List;

/**
 * Launchers of attention.cu: flash-style attention forward (out and log-sum-exp) and backward
 * (dQ, then dK and dV). q, k, v, out and dOut are contiguous (BH, T, D); the mask is a strided
 * view or absent. One warp per query (or key) row, eight rows per block.
 */
public final class Attention {
    private Attention() {}

    /** ATT_DMAX of attention.cu: the largest head dim the kernels hold in registers. */
    public static final int MAX_HEAD_DIM = 128;
    static final int ROWS_PER_BLOCK = 8;

    /** A 0/1 mask over (batch..., Tq, Tk): address 0 for none, batch sizes/strides, then the query and key strides. */
    public record Mask(long address, int[] batchSizes, int[] batchStrides, long queryStride, long keyStride) {
        public static final Mask NONE = new Mask(0, new int[0], new int[0], 0, 0);

        /** The mask view's batch dims merged, so the kernels can find batch index bh's slab. */
        public static Mask of(long address, int[] shape, int[] strides) {
            int r = shape.length;
            Layout b = Layout.of(java.util.Arrays.copyOf(shape, r - 2), java.util.Arrays.copyOf(strides, r - 2));
            return new Mask(address, b.sizes(), b.strides(0), strides[r - 2], strides[r - 1]);
        }

        KernelArgs append(KernelArgs a) {
            return a.ptr(address).sizes(batchSizes).strides(batchStrides).i64(queryStride).i64(keyStride);
        }
    }

    public static boolean supports(int d, int dv) { return d <= MAX_HEAD_DIM && dv <= MAX_HEAD_DIM; }

    private static KernelArgs head(int tq, int tk, int d, int dv, float scale, long q, long k, long v, Mask mask) {
        return mask.append(new KernelArgs().i32(tq).i32(tk).i32(d).i32(dv).f32(scale).ptr(q).ptr(k).ptr(v));
    }

    private static Dim3 grid(int bh, int rows) { return new Dim3(bh, Launch.ceilDiv(rows, ROWS_PER_BLOCK), 1); }

    public static Launch forward(int bh, int tq, int tk, int d, int dv, float scale, long q, long k, long v, Mask mask,
                                 long out, long lse) {
        if (bh == 0 || tq == 0) return null;
        return new Launch("attention_forward_f32", grid(bh, tq), Dim3.of(Launch.THREADS), 0,
                head(tq, tk, d, dv, scale, q, k, v, mask).ptr(out).ptr(lse));
    }

    /** dQ, dK, dV; delta is a workspace of bh * tq floats. */
    public static List<Launch> backward(int bh, int tq, int tk, int d, int dv, float scale, long q, long k, long v, Mask mask,
                                        long out, long lse, long dOut, long delta, long dq, long dk, long dvOut) {
        if (bh == 0) return List.of();
        Launch first = tq == 0 ? null : new Launch("attention_backward_dq_f32", grid(bh, tq), Dim3.of(Launch.THREADS), 0,
                head(tq, tk, d, dv, scale, q, k, v, mask).ptr(out).ptr(lse).ptr(dOut).ptr(delta).ptr(dq));
        Launch second = tk == 0 ? null : new Launch("attention_backward_dkv_f32", grid(bh, tk), Dim3.of(Launch.THREADS), 0,
                head(tq, tk, d, dv, scale, q, k, v, mask).ptr(lse).ptr(delta).ptr(dOut).ptr(dk).ptr(dvOut));
        return java.util.Arrays.asList(first, second);
    }
}
