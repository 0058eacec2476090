package facet.bench;

import facet.autograd.Attention;
import facet.autograd.Variable;
import facet.kernels.ConvGeometry;
import facet.kernels.Scope;
import facet.kernels.cuda.CudaDevice;
import facet.kernels.cuda.GpuDevice;
import facet.kernels.cuda.Gemm;
import facet.tensor.Backends;
import facet.tensor.ConvParams;
import facet.tensor.Convolution;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Facet's side of the GPU check (bench/gpu/device.sh): times GEMM, attention, ResNet-18
 * convolutions and one training step of each reference workload (W1, W2) on cuda:0 and prints CSV rows
 * {@code op,shape,facet_ms,flop,bytes}; bench/gpu/torch_bench.py prints the same rows for
 * PyTorch and bench/gpu/table.py joins them. The flop counts live here, beside each timing.
 * Without a GPU it prints the header and one "# skipped" line with the reason, and exits 0.
 * {@code --quick} shrinks every size, for a dry run of the whole check.
 */
public final class GpuBenchmark {
    private GpuBenchmark() {}

    static Device gpu;
    static GpuDevice dev;
    static boolean quick;

    public static void main(String[] args) {
        quick = List.of(args).contains("--quick");
        System.out.println("op,shape,facet_ms,flop,bytes");
        String why = Backends.cudaUnavailableReason();
        if (why != null) {
            System.out.println("# skipped: " + why);
            return;
        }
        gpu = Device.cuda(0);
        dev = CudaDevice.get(0);
        System.out.println("# device: " + dev.name() + "; kernels: " + facet.kernels.cuda.KernelImage.status());
        gemm();
        attention();
        convolution();
        trainingSteps();
        System.out.println("# allocator: " + dev.allocator().stats());
    }

    /** Mean milliseconds of one call: warm-up, then enough calls for about half a second (at least 3). */
    static double time(Runnable r) {
        for (int i = 0; i < 2; i++) r.run();
        dev.synchronize();
        long t0 = System.nanoTime();
        r.run();
        dev.synchronize();
        double once = (System.nanoTime() - t0) / 1e6;
        int iters = (int) Math.max(3, Math.min(50, 500 / Math.max(once, 1e-3)));
        t0 = System.nanoTime();
        for (int i = 0; i < iters; i++) r.run();
        dev.synchronize();
        return (System.nanoTime() - t0) / 1e6 / iters;
    }

    static void row(String op, String shape, double ms, double flop, double bytes) {
        System.out.printf(Locale.ROOT, "%s,%s,%.4f,%.0f,%.0f%n", op, shape, ms, flop, bytes);
        System.out.flush();
    }

    static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), gpu, DType.F32, shape); }

    // ---- GEMM: C = A B, 2 n^3 flop ---------------------------------------------------------

    static void gemm() {
        int[] sizes = quick ? new int[] {256} : new int[] {1024, 2048, 4096, 8192};
        for (Gemm.Precision p : Gemm.Precision.values()) {
            try (Scope precision = Backends.withCudaMatmulPrecision(p)) {
                for (int n : sizes) {
                    Tensor a = randn(1, n, n), b = randn(2, n, n);
                    row("matmul_" + p.name().toLowerCase(), n + "x" + n + "x" + n, time(() -> a.matmul(b)), 2.0 * n * n * n, 0);
                }
            }
        }
    }

    // ---- attention: forward 4 B H T^2 D flop (QK^T and PV), backward about 2.5x that -------

    /** {B, H, T, D}: ViT-Tiny on 64x64 faces (8x8 patches + cls), its MAE encoder (25% visible) and decoder, ViT-B/16 at 224. */
    static final int[][] ATTENTION = {{32, 3, 65, 64}, {32, 3, 17, 64}, {32, 4, 65, 32}, {32, 12, 197, 64}};

    static void attention() {
        for (int[] s : ATTENTION) {
            int b = s[0], h = s[1], t = s[2], d = s[3];
            if (quick) b = 2;
            String shape = "B" + b + " H" + h + " T" + t + " D" + d;
            Variable q = Variable.param(randn(3, b, h, t, d)), k = Variable.param(randn(4, b, h, t, d)), v = Variable.param(randn(5, b, h, t, d));
            Tensor dOut = randn(6, b, h, t, d);
            double fwd = 4.0 * b * h * t * t * d;
            row("attention_fwd", shape, time(() -> Attention.scaledDotProduct(q, k, v, null)), fwd, 0);
            row("attention_fwd_bwd", shape, time(() -> Attention.scaledDotProduct(q, k, v, null).backward(dOut)), 3.5 * fwd, 0);
        }
    }

    // ---- ResNet-18 convolutions, batch 32: 2 * macs flop per pass ----------------------------

    /** {C_out, H = W at the layer, kernel, stride, padding, C_in}: the stem and one 3x3 conv per stage. */
    static List<int[]> resnetLayers(int image) {
        List<int[]> l = new ArrayList<>();
        l.add(new int[] {64, image, 7, 2, 3, 3});
        int hw = image / 4;                     // after the stride-2 stem and the stride-2 max pool
        for (int c = 64; c <= 512; c *= 2, hw /= 2) l.add(new int[] {c, hw, 3, 1, 1, c});
        return l;
    }

    static void convolution() {
        for (int image : quick ? new int[] {32} : new int[] {64, 224}) {
            for (int[] s : resnetLayers(image)) {
                int n = quick ? 2 : 32, o = s[0], hw = s[1], k = s[2], st = s[3], pad = s[4], c = s[5];
                ConvParams p = ConvParams.of(st, pad);
                Tensor x = randn(7, n, c, hw, hw), w = randn(8, o, c, k, k);
                ConvGeometry g = ConvGeometry.of(n, c, hw, hw, o, k, k).stride(st).pad(pad);
                Tensor y = Convolution.conv2d(x, w, p), dy = randn(9, y.shape());
                String shape = "N" + n + " C" + c + " " + hw + "x" + hw + " O" + o + " k" + k + " s" + st;
                double flop = 2.0 * g.macs();
                row("conv2d_fwd", shape, time(() -> Convolution.conv2d(x, w, p)), flop, 0);
                row("conv2d_bwd_input", shape, time(() -> Convolution.conv2dBackwardInput(dy, w, x.shape(), p)), flop, 0);
                row("conv2d_bwd_weight", shape, time(() -> Convolution.conv2dBackwardWeight(x, dy, w.shape(), p)), flop, 0);
            }
        }
    }

    // ---- one training step of each reference workload, batch 32: 3x the forward's 2 * macs flop ----

    /**
     * W1 (ResNet-18) and W2 (ViT) built as StepCommand builds them ({@link Workloads}), moved to
     * cuda:0 by Module.to, stepping with forward, cross-entropy, backward and AdamW; images/s is
     * B / (ms / 1000). torch_bench.py builds the same two networks layer for layer.
     */
    static void trainingSteps() {
        int b = quick ? 2 : 32;
        for (String w : new String[] {"W1", "W2"}) {
            Generator g = new Generator(0);
            Workloads.Model m = Workloads.model(w, g);
            m.net().to(gpu);
            Runnable step = Workloads.trainingStep(m, Workloads.images(g, gpu, b), Workloads.labels(gpu, b));
            row("train_step_" + w, "B" + b + " 3x" + Workloads.IMAGE + "x" + Workloads.IMAGE, time(step), m.stepFlops(b), 0);
        }
    }
}
