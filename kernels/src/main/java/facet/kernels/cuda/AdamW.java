package facet.kernels.cuda;

/**
 * Launcher of adamw.cu. The scalars are rounded to float here exactly as the composed tensor ops
 * round them (each becomes a float32 scalar tensor), which makes fused and composed bit-identical.
 */
public final class AdamW {
    private AdamW() {}

    /** One step in place over n contiguous floats of p, m, v with gradient g; step counts from 1. */
    public static Launch step(long n, long p, long g, long m, long v, double lr, double b1, double b2, double eps,
                              double weightDecay, long step) {
        return Launch.loop("adamw_f32", n, new KernelArgs().i64(n).ptr(p).ptr(g).ptr(m).ptr(v)
                .f32((float) b1).f32((float) (1 - b1)).f32((float) b2).f32((float) (1 - b2))
                .f32((float) (1 - Math.pow(b1, step))).f32((float) (1 - Math.pow(b2, step)))
                .f32((float) (1 - lr * weightDecay)).f32((float) eps).f32((float) lr));
    }
}
