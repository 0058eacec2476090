package facet.kernels.cuda;

import facet.kernels.ReduceOp;

import java.util.ArrayList;
import java.util.List;

/**
 * Launchers of reduce.cu. A reduction of x over the dims in {@code mask} has M outputs (the kept
 * dims, in order, contiguous) of K elements each; {@link #plan} picks the kernel from (M, K).
 */
public final class Reduce {
    private Reduce() {}

    /** Rows at most this long get one thread each. */
    static final int SHORT_ROW = 64;
    /** Elements one block should at least sum before splitting a row over more blocks pays. */
    static final int SPLIT_GRAIN = 8192;

    /** THREAD: a thread per output; BLOCK: a block per output and split (splits > 1 needs a workspace). */
    public record Plan(boolean perThread, long m, long k, int splits) {
        public long workspaceBytes() { return splits > 1 ? 8 * m * splits : 0; }
    }

    /** @param sms the device's multiprocessors: splitting aims at about two blocks per SM. */
    public static Plan plan(long m, long k, int sms) {
        if (k <= SHORT_ROW) return new Plan(true, m, k, 1);
        long want = Math.max(1, (2L * sms + m - 1) / m);                // blocks per row to fill the card
        long most = Math.max(1, (k + SPLIT_GRAIN - 1) / SPLIT_GRAIN);   // but each must have real work
        int splits = (int) Math.min(Math.min(want, most), Dim3.MAX_YZ);
        return new Plan(false, m, k, splits);
    }

    /**
     * out[kept] = op over the masked dims of x (shape, strides); workspace is the address of
     * plan.workspaceBytes() bytes (unused when 0).
     */
    public static List<Launch> reduce(ReduceOp op, int[] shape, int[] strides, boolean[] mask, long x, long out,
                                      Plan p, long workspace) {
        Layout outer = Layout.of(Layout.pick(shape, mask, false), Layout.pick(strides, mask, false));
        Layout inner = Layout.of(Layout.pick(shape, mask, true), Layout.pick(strides, mask, true));
        int code = switch (op) { case SUM -> 0; case MAX -> 1; case MIN -> 2; };   // reduce.cu's op codes
        List<Launch> ls = new ArrayList<>();
        if (p.m() == 0) return ls;
        if (p.perThread()) {
            ls.add(Launch.loop("reduce_thread_f32", p.m(), new KernelArgs().i32(code).sizes(outer.sizes()).strides(outer.strides(0))
                    .sizes(inner.sizes()).strides(inner.strides(0)).i64(p.m()).i64(p.k()).ptr(x).ptr(out)));
            return ls;
        }
        if (p.m() > Dim3.MAX_X) throw new IllegalArgumentException("reduce: " + p.m() + " outputs exceed one grid");
        ls.add(new Launch("reduce_block_f32", new Dim3((int) p.m(), p.splits(), 1), Dim3.of(Launch.THREADS), 0,
                new KernelArgs().i32(code).sizes(outer.sizes()).strides(outer.strides(0)).sizes(inner.sizes())
                        .strides(inner.strides(0)).i64(p.m()).i64(p.k()).i32(p.splits()).ptr(x).ptr(p.splits() > 1 ? workspace : 0).ptr(out)));
        if (p.splits() > 1) {
            ls.add(Launch.loop("reduce_finish_f32", p.m(), new KernelArgs().i32(code).i64(p.m()).i32(p.splits()).ptr(workspace).ptr(out)));
        }
        return ls;
    }

    /** int32 out[kept] = index of the max (or min) along axis, the first on ties, the first NaN if any. */
    public static Launch argReduce(boolean max, int[] shape, int[] strides, int axis, long x, long out) {
        boolean[] mask = new boolean[shape.length];
        mask[axis] = true;
        Layout outer = Layout.of(Layout.pick(shape, mask, false), Layout.pick(strides, mask, false));
        long m = outer.count();
        if (m == 0) return null;
        // one warp per output, eight per block
        return new Launch("arg_reduce_f32", Dim3.of(Launch.ceilDiv(m * 32, Launch.THREADS)), Dim3.of(Launch.THREADS), 0,
                new KernelArgs().i32(max ? 1 : 0).sizes(outer.sizes()).strides(outer.strides(0)).i64(m).i32(shape[axis])
                        .i32(strides[axis]).ptr(x).ptr(out));
    }
}
