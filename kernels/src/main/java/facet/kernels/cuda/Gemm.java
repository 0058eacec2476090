package facet.kernels.cuda;

import java.util.ArrayList;
import java.util.List;

/**
 * Launchers of gemm.cu: batched C = A B with strided operands (a transpose is a stride swap).
 * Tiles of 64 x 64; the batch runs along grid z in chunks of at most 65535.
 */
public final class Gemm {
    private Gemm() {}

    /** Which core multiplies: FP32 (default, exact float arithmetic) or TF32 tensor cores (opt-in, ~1e-3 relative error). */
    public enum Precision {
        FP32, TF32;

        String suffix() { return this == FP32 ? "f32" : "tf32"; }
    }

    public static final int TILE = 64;

    /**
     * C (batch, m, n), contiguous = A (m x k, element (i, p) at a + i*ars + p*acs) times B (k x n,
     * (p, j) at b + p*brs + j*bcs), for each batch index over batchShape with the given batch strides.
     */
    public static List<Launch> gemm(int m, int n, int k, int[] batchShape, int[] aBatchStrides, int[] bBatchStrides,
                                    long a, long ars, long acs, long b, long brs, long bcs, long c, Precision precision) {
        List<Launch> ls = new ArrayList<>();
        Layout batch = Layout.of(batchShape, aBatchStrides, bBatchStrides);
        long count = batch.count();
        if (m == 0 || n == 0 || count == 0) return ls;
        int gy = Launch.ceilDiv(m, TILE);
        if (gy > Dim3.MAX_YZ) throw new IllegalArgumentException("gemm: " + m + " rows exceed the grid (at most " + Dim3.MAX_YZ * TILE + ")");
        for (long b0 = 0; b0 < count; b0 += Dim3.MAX_YZ) {
            int chunk = (int) Math.min(Dim3.MAX_YZ, count - b0);
            ls.add(new Launch("gemm_" + precision.suffix(), new Dim3(Launch.ceilDiv(n, TILE), gy, chunk), Dim3.of(Launch.THREADS), 0,
                    new KernelArgs().i32(m).i32(n).i32(k).sizes(batch.sizes()).i64(b0).ptr(a).strides(batch.strides(0))
                            .i64(ars).i64(acs).ptr(b).strides(batch.strides(1)).i64(brs).i64(bcs).ptr(c)));
        }
        return ls;
    }
}
