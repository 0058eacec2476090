package facet.cuda;

import facet.autograd.Attention;
import facet.autograd.Conv;
import facet.autograd.Dropout;
import facet.autograd.Index;
import facet.autograd.Losses;
import facet.autograd.Norm;
import facet.autograd.Pool2d;
import facet.autograd.Variable;
import facet.kernels.Epilogue;
import facet.kernels.cuda.CudaDevice;
import facet.kernels.cuda.DeviceAllocator;
import facet.tensor.ConvParams;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.PoolParams;
import facet.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Autograd through every kind of op on the GPU, unchanged: a small conv + attention network with
 * batch norm, layer norm, pooling, dropout (Philox on the device), top-k gather and three losses.
 * The loss and every parameter gradient must match the CPU run (float32 on both, different
 * summation orders: rtol 1e-3, atol 1e-4 relative to each gradient's largest entry); AdamW steps
 * on the GPU must lower the loss; after warm-up, steps must reuse cached blocks instead of calling cuMemAlloc.
 */
class CudaTrainingTest {
    Device gpu;

    @BeforeEach
    void gpu() { gpu = Gpu.require(); }

    /** Parameters of the little network, made on the CPU from one seed and copied to the device. */
    static List<Tensor> init() {
        Generator g = new Generator(2024);
        List<Tensor> ps = new ArrayList<>();
        ps.add(Tensor.randn(g, DType.F32, 8, 3, 3, 3).mul(0.3));   // conv1 w
        ps.add(Tensor.randn(g, DType.F32, 8).mul(0.1));            // conv1 b
        ps.add(Tensor.ones(8));                                   // bn gamma
        ps.add(Tensor.zeros(8));                                  // bn beta
        ps.add(Tensor.randn(g, DType.F32, 16, 4, 3, 3).mul(0.2));  // conv2 w, groups 2
        ps.add(Tensor.randn(g, DType.F32, 16, 16).mul(0.25));      // qkv projection
        ps.add(Tensor.ones(16));                                  // ln gamma
        ps.add(Tensor.zeros(16));                                 // ln beta
        ps.add(Tensor.randn(g, DType.F32, 16, 5).mul(0.25));       // classifier
        return ps;
    }

    /** The loss of one batch; x (4, 3, 12, 12), labels (4). */
    static Variable loss(List<Variable> p, Tensor x, Tensor labels, Device d) {
        Variable h = Conv.conv2d(Variable.constant(x), p.get(0), p.get(1), ConvParams.of(1, 1)).relu();
        h = Pool2d.maxPool2d(h, PoolParams.of(2, 2, 0));                                        // (4, 8, 6, 6)
        Tensor rm = Tensor.zeros(d, DType.F32, 8), rv = Tensor.ones(8).to(d);
        h = Norm.batchNorm(h, p.get(2), p.get(3), rm, rv, true, 0.1, 1e-5, Epilogue.none());
        h = Conv.conv2d(h, p.get(4), null, new ConvParams(1, 1, 1, 1, 1, 1, 2)).gelu();      // (4, 16, 6, 6)
        h = Pool2d.avgPool2d(h, PoolParams.of(3, 2, 1), false);                               // (4, 16, 3, 3)
        Variable tokens = h.reshape(4, 16, 9).transpose(1, 2);                              // (4, 9, 16)
        Variable qkv = tokens.matmul(p.get(5));
        Variable att = Attention.scaledDotProduct(qkv.reshape(4, 9, 2, 8).transpose(1, 2), qkv.reshape(4, 9, 2, 8).transpose(1, 2),
                qkv.reshape(4, 9, 2, 8).transpose(1, 2), null).transpose(1, 2).reshape(4, 9, 16);
        Variable y = Norm.layerNorm(tokens.add(att), p.get(6), p.get(7), 1, 1e-5);
        y = Dropout.dropout(y, 0.1, true, new Generator(7));
        Variable pooled = y.mean(false, 1);                                                 // (4, 16)
        Variable logits = pooled.matmul(p.get(8));
        Variable ce = Losses.crossEntropy(logits, labels, 0.1);
        // 3 tokens per image, ranked by their summed features before layer norm: after it each token
        // sums to 0 up to rounding, and a ranking of rounding noise differs between CPU and GPU
        Tensor idx = facet.tensor.Index.topk(tokens.data().sum(false, 2), 3, 1, true)[1];
        Variable picked = Index.gather(y, 1, idx.unsqueeze(2).expand(4, 3, 16));
        Tensor mask = Tensor.of(new float[] {1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 0, 1}, 4, 3).to(d);
        Variable rec = Losses.maskedMse(picked, Tensor.zeros(d, DType.F32, 4, 3, 16), mask);
        Variable bce = Losses.bceWithLogits(logits, Tensor.full(0.25, DType.F32, 4, 5).to(d));
        return ce.add(rec.mul(0.5)).add(bce.mul(0.1));
    }

    static Tensor batch() { return Gpu.randn(99, 4, 3, 12, 12); }

    static void collect() {
        System.gc();
        try {
            Thread.sleep(100);      // the Cleaner thread returns the blocks
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static Tensor labels() { return Tensor.ofInts(new int[] {0, 3, 4, 1}, 4); }

    @Test
    void lossAndEveryGradientMatchTheCpuRun() {
        List<Variable> cpu = new ArrayList<>(), dev = new ArrayList<>();
        for (Tensor t : init()) {
            cpu.add(Variable.param(t));
            dev.add(Variable.param(t.to(gpu)));
        }
        Variable lc = loss(cpu, batch(), labels(), Device.CPU), ld = loss(dev, batch().to(gpu), labels().to(gpu), gpu);
        assertEquals(lc.item(), ld.item(), 1e-4 * Math.abs(lc.item()), "loss");
        lc.backward();
        ld.backward();
        for (int i = 0; i < cpu.size(); i++) {
            Tensor gc = cpu.get(i).grad();
            double scale = gc.abs().max(false).item();
            Gpu.close("gradient of parameter " + i, dev.get(i).grad(), gc, 1e-4 * scale, 1e-3);
        }
    }

    @Test
    void adamwStepsLowerTheLossWithoutNewAllocations() {
        List<Variable> ps = new ArrayList<>();
        List<Tensor[]> moments = new ArrayList<>();
        for (Tensor t : init()) {
            ps.add(Variable.param(t.to(gpu)));
            moments.add(new Tensor[] {Tensor.zeros(gpu, DType.F32, t.shape()), Tensor.zeros(gpu, DType.F32, t.shape())});
        }
        Tensor x = batch().to(gpu), y = labels().to(gpu);
        DeviceAllocator alloc = CudaDevice.get(0).allocator();
        double first = 0, last = 0;
        long mallocsAfterWarmup = 0;
        for (int step = 1; step <= 8; step++) {
            for (Variable p : ps) p.zeroGrad();
            Variable l = loss(ps, x, y, gpu);
            l.backward();
            for (int i = 0; i < ps.size(); i++) {
                Tensor p = ps.get(i).data();
                p.backend().adamw(p, ps.get(i).grad(), moments.get(i)[0], moments.get(i)[1], 3e-3, 0.9, 0.999, 1e-8, 0.01, step);
            }
            if (step == 1) first = l.item();
            last = l.item();
            collect();              // what a long run's collector does now and then: dead tensors return their blocks
            if (step == 3) mallocsAfterWarmup = alloc.stats().mallocs();
        }
        assertTrue(last < first, "loss went from " + first + " to " + last);
        long extra = alloc.stats().mallocs() - mallocsAfterWarmup;
        assertTrue(extra <= 2, extra + " cuMemAlloc calls after warm-up (" + alloc.stats() + ")");
    }
}
