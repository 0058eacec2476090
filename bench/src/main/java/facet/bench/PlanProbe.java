package facet.bench;

import facet.kernels.ConvGeometry;
import facet.kernels.cpu.Conv2d;
import facet.kernels.cpu.Gemm;
import facet.kernels.plan.KernelPlans;

import java.util.List;

/**
 * The products ./facet bench plan --tune times, run in a child JVM started with -Dfacet.plan=NAME,
 * so what runs is what is measured (a plan is fixed per JVM). Prints the plan's text, then one
 * line per product: its name, a tab, GFLOP/s (the median run; flops beside each product).
 */
final class PlanProbe {
    private PlanProbe() {}

    /** A product: its name, flops per run, and the run. */
    record Product(String name, double flops, Runnable body) {}

    /** C = A B, all row-major: 2 m n k flops. */
    static Product gemm(int m, int n, int k) {
        float[] a = GemmCommand.random(m * k, 1), b = GemmCommand.random(k * n, 2), c = new float[m * n];
        return new Product("gemm " + m + "x" + n + "x" + k, 2.0 * m * n * k,
                () -> Gemm.gemm(m, n, k, Gemm.rowMajor(a, 0, k), Gemm.rowMajor(b, 0, n), Gemm.Out.into(c, 0, n)));
    }

    /** Forward, dX and dW of one convolution: 3 * 2 * macs flops (direct-convolution flops, whichever path runs). */
    static Product conv(String name, ConvGeometry g) {
        float[] x = GemmCommand.random(g.n() * g.c() * g.h() * g.w(), 3), w = GemmCommand.random(g.o() * g.patch(), 4);
        float[] out = new float[g.n() * g.o() * g.oh() * g.ow()], dOut = GemmCommand.random(out.length, 5), dX = new float[x.length], dW = new float[w.length];
        return new Product(name, 3 * 2.0 * g.macs(), () -> {
            Conv2d.forward(g, x, w, out);
            Conv2d.backwardInput(g, dOut, w, dX);
            Conv2d.backwardWeight(g, x, dOut, dW);
        });
    }

    /** Square GEMMs, a ViT d192 (2048 tokens: batch 32 x 64 patches) projection, qkv and MLP, and a ResNet-18 stage-2 convolution. */
    static List<Product> products() {
        return List.of(gemm(1024, 1024, 1024), gemm(2048, 2048, 2048), gemm(2048, 192, 192), gemm(2048, 576, 192), gemm(2048, 192, 768),
                conv("conv 3x3 128ch 32x32 b8", ConvGeometry.of(8, 128, 32, 32, 128, 3, 3).pad(1)));
    }

    public static void main(String[] args) {
        System.out.println(KernelPlans.current().text());
        for (Product p : products()) {
            double ms = Timing.medianMs(p.body(), 0.5, 3, 0.5);
            System.out.println(p.name() + "\t" + String.format("%.1f", p.flops() / (ms * 1e6)));
        }
    }
}
