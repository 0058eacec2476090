package facet.kernels.cuda;

/** Launcher of gap.cu: x (outer, A, inner) contiguous -> out (outer, inner). */
public final class Gap {
    private Gap() {}

    static final int WARPS = 8;

    public static Launch forward(long outer, int a, int inner, long x, long out) {
        if (outer == 0 || inner == 0) return null;
        if (inner == 1) {
            return new Launch("gap_rows", Dim3.of(Launch.ceilDiv(outer, WARPS)), Dim3.of(32 * WARPS), 0,
                    new KernelArgs().i64(outer).i32(a).ptr(x).ptr(out));
        }
        long n = outer * inner;
        return Launch.loop("gap_columns", n, new KernelArgs().i64(n).i32(a).i32(inner).ptr(x).ptr(out));
    }
}
