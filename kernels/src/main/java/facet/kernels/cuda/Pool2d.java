package facet.kernels.cuda;

import facet.kernels.PoolGeometry;

/** Launchers of pool2d.cu over contiguous (planes, H, W) tensors. */
public final class Pool2d {
    private Pool2d() {}

    /** The PoolShape struct of pool2d.cu. */
    static int[] shape(PoolGeometry g) {
        return new int[] {g.planes(), g.h(), g.w(), g.kh(), g.kw(), g.sh(), g.sw(), g.ph(), g.pw(), g.oh(), g.ow()};
    }

    public static Launch max(PoolGeometry g, long x, long out, long idx) {
        return Launch.loop("max_pool_f32", (long) g.planes() * g.oh() * g.ow(), new KernelArgs().struct(shape(g)).ptr(x).ptr(out).ptr(idx));
    }

    public static Launch avg(PoolGeometry g, boolean countPad, long x, long out) {
        return Launch.loop("avg_pool_f32", (long) g.planes() * g.oh() * g.ow(),
                new KernelArgs().struct(shape(g)).i32(countPad ? 1 : 0).ptr(x).ptr(out));
    }

    public static Launch avgBackward(PoolGeometry g, boolean countPad, long dOut, long dX) {
        return Launch.loop("avg_pool_backward_f32", (long) g.planes() * g.h() * g.w(),
                new KernelArgs().struct(shape(g)).i32(countPad ? 1 : 0).ptr(dOut).ptr(dX));
    }
}
