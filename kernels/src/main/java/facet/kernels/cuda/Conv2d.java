package facet.kernels.cuda;

import facet.kernels.ConvGeometry;
import facet.kernels.ReduceOp;

import java.util.ArrayList;
import java.util.List;

/**
 * Launchers of conv2d.cu: forward, dX and dW as implicit GEMMs over contiguous NCHW / OIHW
 * tensors, one group per grid z. dW splits its long reduction (N*OH*OW) over blocks when the
 * output alone would not fill the card, then sums the splits in a fixed order.
 */
public final class Conv2d {
    private Conv2d() {}

    /** The ConvShape struct of conv2d.cu: 16 ints in its declaration order. */
    static int[] shape(ConvGeometry g) {
        return new int[] {g.n(), g.c(), g.h(), g.w(), g.o(), g.kh(), g.kw(), g.sh(), g.sw(), g.ph(), g.pw(), g.dh(), g.dw(),
                g.groups(), g.oh(), g.ow()};
    }

    public static Launch forward(ConvGeometry g, long x, long w, long out, Gemm.Precision p) {
        long cols = (long) g.n() * g.oh() * g.ow();
        return new Launch("conv2d_forward_" + p.suffix(), grid(cols, g.og(), g.groups()), Dim3.of(Launch.THREADS), 0,
                new KernelArgs().struct(shape(g)).ptr(x).ptr(w).ptr(out));
    }

    public static Launch backwardInput(ConvGeometry g, long dOut, long w, long dX, Gemm.Precision p) {
        long cols = (long) g.n() * g.h() * g.w();
        return new Launch("conv2d_backward_input_" + p.suffix(), grid(cols, g.cg(), g.groups()), Dim3.of(Launch.THREADS), 0,
                new KernelArgs().struct(shape(g)).ptr(dOut).ptr(w).ptr(dX));
    }

    /** How dW's reduction of length N*OH*OW is split: chunk is a multiple of the 16-wide k tile. */
    public record WeightPlan(int splits, long chunk, Reduce.Plan sum) {
        public long workspaceBytes() { return splits > 1 ? 4L * splits * sum.m() : 0; }
    }

    public static WeightPlan planWeight(ConvGeometry g, int sms) {
        long k = (long) g.n() * g.oh() * g.ow();
        long tiles = (long) Launch.ceilDiv(g.patch(), Gemm.TILE) * Launch.ceilDiv(g.og(), Gemm.TILE) * g.groups();
        long splits = Math.max(1, Math.min((2L * sms + tiles - 1) / tiles, k / 256));
        splits = Math.min(splits, Dim3.MAX_YZ / g.groups());
        long chunk = Math.max(16, ((k + splits - 1) / splits + 15) / 16 * 16);
        int s = (int) Math.max(1, (k + chunk - 1) / chunk);
        long outputs = (long) g.o() * g.patch();
        Reduce.Plan sum = Reduce.plan(outputs, s, sms);
        if (sum.workspaceBytes() != 0) throw new IllegalStateException("conv2d dW: " + s + " splits need a second workspace");
        return new WeightPlan(s, chunk, sum);
    }

    /** dW, via a workspace of plan.workspaceBytes() when the reduction is split. */
    public static List<Launch> backwardWeight(ConvGeometry g, long x, long dOut, long dW, Gemm.Precision p, WeightPlan plan,
                                              long workspace) {
        List<Launch> ls = new ArrayList<>();
        boolean split = plan.splits() > 1;
        ls.add(new Launch("conv2d_backward_weight_" + p.suffix(), grid(g.patch(), g.og(), g.groups() * plan.splits()),
                Dim3.of(Launch.THREADS), 0, new KernelArgs().struct(shape(g)).i32(plan.splits()).i64(plan.chunk()).ptr(x)
                .ptr(dOut).ptr(split ? workspace : dW)));
        if (split) {
            int outputs = (int) plan.sum().m();          // sum the (splits, O*KK) slabs over the first dim
            ls.addAll(Reduce.reduce(ReduceOp.SUM, new int[] {plan.splits(), outputs}, new int[] {outputs, 1},
                    new boolean[] {true, false}, workspace, dW, plan.sum(), 0));
        }
        return ls;
    }

    private static Dim3 grid(long cols, int rows, int z) {
        long gx = (cols + Gemm.TILE - 1) / Gemm.TILE;
        int gy = Launch.ceilDiv(rows, Gemm.TILE);
        if (gx > Dim3.MAX_X || gy > Dim3.MAX_YZ) throw new IllegalArgumentException("conv2d: problem too large for one grid");
        return new Dim3((int) gx, gy, z);
    }
}
