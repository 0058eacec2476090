package facet.bench;

import facet.autograd.Attention;
import facet.autograd.Losses;
import facet.autograd.Norm;
import facet.autograd.Variable;
import facet.kernels.ConvGeometry;
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
 * convolutions and one training step on cuda:0 and prints CSV rows
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
        trainingStep();
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
            Backends.setCudaMatmulPrecision(p);
            for (int n : sizes) {
                Tensor a = randn(1, n, n), b = randn(2, n, n);
                row("matmul_" + p.name().toLowerCase(), n + "x" + n + "x" + n, time(() -> a.matmul(b)), 2.0 * n * n * n, 0);
            }
        }
        Backends.setCudaMatmulPrecision(Gemm.Precision.FP32);
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
                ConvGeometry g = new ConvGeometry(n, c, hw, hw, o, k, k, st, st, pad, pad, 1, 1, 1);
                Tensor y = Convolution.conv2d(x, w, p), dy = randn(9, y.shape());
                String shape = "N" + n + " C" + c + " " + hw + "x" + hw + " O" + o + " k" + k + " s" + st;
                double flop = 2.0 * g.macs();
                row("conv2d_fwd", shape, time(() -> Convolution.conv2d(x, w, p)), flop, 0);
                row("conv2d_bwd_input", shape, time(() -> Convolution.conv2dBackwardInput(dy, w, x.shape(), p)), flop, 0);
                row("conv2d_bwd_weight", shape, time(() -> Convolution.conv2dBackwardWeight(x, dy, w.shape(), p)), flop, 0);
            }
        }
    }

    // ---- one training step of a ViT-Tiny-shaped encoder ---------------------------------------

    /**
     * Tokens (B, T, D) through L pre-norm blocks (attention with H heads, MLP 4D, GELU), mean pool,
     * a linear head, cross-entropy, backward and AdamW: the stand-in for a model config's step
     * until the model issues land (torch_bench.py builds the same network).
     * Flop: 3x the forward's matmuls, 2 B T (4 D^2 + 8 D^2) + 4 B T^2 D per block.
     */
    static void trainingStep() {
        int b = quick ? 2 : 32, t = 65, d = 192, heads = 3, layers = 4, classes = 10;
        Generator g = new Generator(11);
        List<Variable> ps = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            ps.add(Variable.param(Tensor.ones(d).to(gpu)));
            ps.add(Variable.param(Tensor.zeros(gpu, DType.F32, d)));
            ps.add(Variable.param(Tensor.randn(g, gpu, DType.F32, d, 3 * d).mul(0.02)));
            ps.add(Variable.param(Tensor.randn(g, gpu, DType.F32, d, d).mul(0.02)));
            ps.add(Variable.param(Tensor.ones(d).to(gpu)));
            ps.add(Variable.param(Tensor.zeros(gpu, DType.F32, d)));
            ps.add(Variable.param(Tensor.randn(g, gpu, DType.F32, d, 4 * d).mul(0.02)));
            ps.add(Variable.param(Tensor.randn(g, gpu, DType.F32, 4 * d, d).mul(0.02)));
        }
        ps.add(Variable.param(Tensor.randn(g, gpu, DType.F32, d, classes).mul(0.02)));
        List<Tensor[]> moments = new ArrayList<>();
        for (Variable p : ps) moments.add(new Tensor[] {Tensor.zeros(gpu, DType.F32, p.shape()), Tensor.zeros(gpu, DType.F32, p.shape())});
        Tensor x = randn(12, b, t, d), labels = Tensor.ofInts(new int[b], b).to(gpu);
        long[] step = {0};
        Runnable train = () -> {
            Variable h = Variable.constant(x);
            for (int l = 0; l < layers; l++) {
                int o = 8 * l;
                Variable qkv = Norm.layerNorm(h, ps.get(o), ps.get(o + 1), 1, 1e-6).matmul(ps.get(o + 2)).reshape(b, t, 3, heads, d / heads);
                Variable q = qkv.narrow(2, 0, 1).squeeze(2).transpose(1, 2), k = qkv.narrow(2, 1, 1).squeeze(2).transpose(1, 2),
                        v = qkv.narrow(2, 2, 1).squeeze(2).transpose(1, 2);
                h = h.add(Attention.scaledDotProduct(q, k, v, null).transpose(1, 2).reshape(b, t, d).matmul(ps.get(o + 3)));
                h = h.add(Norm.layerNorm(h, ps.get(o + 4), ps.get(o + 5), 1, 1e-6).matmul(ps.get(o + 6)).gelu().matmul(ps.get(o + 7)));
            }
            Variable loss = Losses.crossEntropy(h.mean(false, 1).matmul(ps.get(ps.size() - 1)), labels, 0);
            for (Variable p : ps) p.zeroGrad();
            loss.backward();
            step[0]++;
            for (int i = 0; i < ps.size(); i++) {
                Tensor p = ps.get(i).data();
                p.backend().adamw(p, ps.get(i).grad(), moments.get(i)[0], moments.get(i)[1], 1e-3, 0.9, 0.999, 1e-8, 0.05, step[0]);
            }
        };
        double perBlock = 2.0 * b * t * 12.0 * d * d + 4.0 * b * t * t * d;
        row("train_step_vit_tiny", "B" + b + " T" + t + " D" + d + " L" + layers, time(train), 3 * layers * perBlock, 0);
    }
}
