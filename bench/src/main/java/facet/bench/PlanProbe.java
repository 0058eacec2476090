package facet.bench;

import facet.kernels.ConvGeometry;
import facet.kernels.cpu.Conv2d;
import facet.kernels.cpu.Gemm;
import facet.kernels.plan.KernelPlans;

import java.util.List;

/**
 * The products ./facet bench plan times. Each plan runs them in its own copy of this class,
 * loaded by {@link PlanTrials} in a class loader of its own while -Dfacet.plan names the plan (a
 * plan is fixed per class loader, as per JVM), so what runs is what is measured. The parent
 * calls planText, names and gflops by reflection.
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

    /** This copy's plan text; a plan this CPU cannot run fails here, in its one sentence. */
    static String planText() {
        String why = KernelPlans.problem();
        if (why != null) throw new IllegalArgumentException(why);
        return KernelPlans.current().text();
    }

    /** The products' names, in order (building them allocates their operands once, here). */
    static List<String> names() { return Built.PRODUCTS.stream().map(Product::name).toList(); }

    /** GFLOP/s of product i over one slot: runs it until the seconds have passed, at least twice. */
    static double gflops(int i, double seconds) {
        Product p = Built.PRODUCTS.get(i);
        long t0 = System.nanoTime(), runs = 0;
        do {
            p.body().run();
            runs++;
        } while (runs < 2 || System.nanoTime() - t0 < seconds * 1e9);
        return p.flops() * runs / (System.nanoTime() - t0);
    }

    /** The products of this copy, built on first use. */
    private static final class Built {
        static final List<Product> PRODUCTS = products();
    }
}
