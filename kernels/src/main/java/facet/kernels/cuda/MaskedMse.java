package facet.kernels.cuda;

import java.util.Arrays;
import java.util.List;

/** Launchers of masked_mse.cu: rows (R, L) contiguous, mask (R); one warp per row, four rows per block. */
public final class MaskedMse {
    private MaskedMse() {}

    static final int WARPS = 4;

    /** Per-row losses into rows (R floats of scratch), then their masked mean into loss (a device scalar). */
    public static List<Launch> forward(int rows, int len, boolean norm, long pred, long target, long mask, long rowScratch, long loss) {
        if (rows == 0) return List.of(new Launch("masked_mse_finish", Dim3.of(1), Dim3.of(256), 0,
                new KernelArgs().i32(0).ptr(rowScratch).ptr(mask).ptr(loss)));
        return Arrays.asList(
                new Launch("masked_mse_rows", Dim3.of(Launch.ceilDiv(rows, WARPS)), Dim3.of(32 * WARPS), 0,
                        new KernelArgs().i32(rows).i32(len).i32(norm ? 1 : 0).ptr(pred).ptr(target).ptr(mask).ptr(rowScratch)),
                new Launch("masked_mse_finish", Dim3.of(1), Dim3.of(256), 0, new KernelArgs().i32(rows).ptr(rowScratch).ptr(mask).ptr(loss)));
    }

    /** dPred (R, L) for the device scalar dOut. */
    public static Launch backward(int rows, int len, boolean norm, long pred, long target, long mask, long dOut, long dPred) {
        if (rows == 0) return null;
        return new Launch("masked_mse_backward", Dim3.of(Launch.ceilDiv(rows, WARPS)), Dim3.of(32 * WARPS), 0,
                new KernelArgs().i32(rows).i32(len).i32(norm ? 1 : 0).ptr(pred).ptr(target).ptr(mask).ptr(dOut).ptr(dPred));
    }
}
