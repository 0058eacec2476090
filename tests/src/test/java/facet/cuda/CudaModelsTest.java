package facet.cuda;

import facet.autograd.Losses;
import facet.autograd.Variable;
import facet.nn.DropPath;
import facet.nn.Layer;
import facet.nn.models.ResNet18;
import facet.nn.models.ResNetConfig;
import facet.nn.models.ViTConfig;
import facet.nn.models.VisionTransformer;
import facet.nn.optim.AdamW;
import facet.nn.optim.ParamGroup;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The nn models on the GPU, unchanged: each is built twice from one seed, one copy moved by
 * {@code Module.to(cuda)}, and both take one training step (forward in train mode, cross-entropy
 * with label smoothing, backward, AdamW). The loss, every parameter's gradient and batch norm's
 * running statistics must match the CPU run with CudaTrainingTest's tolerances (float32 on both,
 * different summation orders): loss to 1e-4 relative, tensors to rtol 1e-3 and atol 1e-4 of each
 * tensor's largest entry. The AdamW steps, taken from the same gradients, must agree to rounding
 * (1e-6), with their state on the device. Shapes are tiny: on the CPU emulator every CUDA thread
 * is a thread.
 */
class CudaModelsTest {
    static final double LR = 1e-3;

    Device gpu;

    @BeforeEach
    void gpu() { gpu = Gpu.require(); }

    /** ResNet-18 with the small stem at 1/8 width (stages 8, 16, 32, 64), 16x16 images: five batch norms per stage. */
    @Test
    void resnet18StepMatchesTheCpu() {
        ResNetConfig c = new ResNetConfig(5, ResNetConfig.Stem.SMALL, 0.125, 3);
        trainingStepsMatch(() -> new ResNet18(c, new Generator(31)), 16, false);
    }

    /**
     * A two-block ViT (16x16 images, patch 4, dim 32, 2 heads) with dropout 0.1 and drop path 0.5
     * in train mode: every mask is drawn on the device from the model's own generator, and matches
     * the CPU's only if the device's Philox stream is the CPU's. Its optimizer is built before the
     * move, so it must step the moved parameters.
     */
    @Test
    void vitWithDropoutAndDropPathStepMatchesTheCpu() {
        ViTConfig c = new ViTConfig(16, 4, 3, 32, 2, 2, 2.0, 5, true, ViTConfig.PosEmbed.LEARNED, ViTConfig.Pool.CLS, 0.1, 0.5);
        trainingStepsMatch(() -> new VisionTransformer(c, new Generator(32)), 16, true);
    }

    /** The fixed sin-cos position table is a buffer: it moves with the model and feeds the device forward (eval, mean pool). */
    @Test
    void vitWithAFixedPositionTableRunsOnTheDevice() {
        ViTConfig c = ViTConfig.of(16, 4, 16, 1, 2, 3).withPosEmbed(ViTConfig.PosEmbed.SINCOS).withPool(ViTConfig.Pool.MEAN);
        VisionTransformer cpu = new VisionTransformer(c, new Generator(33)), dev = new VisionTransformer(c, new Generator(33));
        cpu.eval();
        dev.eval().to(gpu);
        assertEquals(gpu, dev.namedBuffers().get("pos_embed").device(), "pos_embed buffer");
        Tensor x = Gpu.randn(34, 2, 3, 16, 16);
        Gpu.close("logits", dev.apply(Variable.constant(x.to(gpu))).data(), cpu.apply(Variable.constant(x)).data(), 1e-5, 1e-4);
    }

    /** DropPath on a device input draws its per-sample mask there, the CPU's mask bit for bit; some samples drop, some stay. */
    @Test
    void dropPathDrawsTheCpuMaskOnTheDevice() {
        Tensor x = Gpu.randn(35, 16, 3, 4);
        Tensor cpu = new DropPath(0.5, new Generator(36)).apply(Variable.constant(x)).data();
        Tensor dev = new DropPath(0.5, new Generator(36)).apply(Variable.constant(x.to(gpu))).data();
        assertEquals(gpu, dev.device());
        Gpu.identical("drop path output", dev, cpu);
        Tensor perSample = cpu.abs().sum(false, 1, 2);
        double dropped = perSample.eq(0).sum().item();
        assertTrue(dropped > 0 && dropped < 16, dropped + " of 16 samples dropped: the mask was not exercised");
    }

    /**
     * One step of model (built by make, in train mode) on a batch of 2 images on the CPU and on
     * the device. optimizerFirst: the device copy's optimizer is built before Module.to, else after.
     */
    private void trainingStepsMatch(Supplier<Layer> make, int image, boolean optimizerFirst) {
        Layer cpu = make.get(), dev = make.get();
        AdamW optCpu = adamw(cpu), optDev = optimizerFirst ? adamw(dev) : null;
        Map<String, Variable> before = dev.namedParameters();
        assertSame(dev, dev.to(gpu));
        if (optDev == null) optDev = adamw(dev);
        Map<String, Variable> pc = cpu.namedParameters(), pd = dev.namedParameters();
        before.forEach((n, p) -> assertSame(p, pd.get(n), n + ": Module.to must keep the Variable"));
        assertEquals(gpu, dev.device());

        Tensor x = Gpu.randn(40, 2, 3, image, image), labels = Tensor.ofInts(new int[] {1, 4}, 2);
        Variable lc = Losses.crossEntropy(cpu.apply(Variable.constant(x)), labels, 0.1);
        Variable ld = Losses.crossEntropy(dev.apply(Variable.constant(x.to(gpu))), labels.to(gpu), 0.1);
        assertEquals(lc.item(), ld.item(), 1e-4 * Math.abs(lc.item()), "loss");
        lc.backward();
        ld.backward();
        pc.forEach((n, p) -> Gpu.close("gradient of " + n, pd.get(n).grad(), p.grad(), 1e-4 * maxAbs(p.grad()), 1e-3));

        // A first AdamW step is about lr * sign(g), so a gradient that is only rounding noise (the
        // key bias's: softmax ignores a shift shared by all keys, so its true value is 0) would
        // step either way. The CPU run therefore steps from the device's gradients.
        pc.forEach((n, p) -> p.setGrad(pd.get(n).grad().to(Device.CPU)));
        optCpu.step();
        optDev.step();
        optDev.stateDict().forEach((k, t) -> {
            if (t.dim() > 0) assertEquals(gpu, t.device(), "optimizer state " + k);
        });
        // from the same gradients the two steps agree to rounding; a step not taken is off by lr
        pc.forEach((n, p) -> Gpu.close(n + " after the step", pd.get(n).data(), p.data(), 1e-3 * LR, 1e-6));
        Map<String, Tensor> bc = cpu.namedBuffers(), bd = dev.namedBuffers();
        bc.forEach((n, b) -> Gpu.close("buffer " + n, bd.get(n), b, 1e-4 * maxAbs(b), 1e-3));
    }

    private static AdamW adamw(Layer m) {
        List<ParamGroup> groups = ParamGroup.decayAndNoDecay(m, 0.05, Set.of());
        return new AdamW(groups, LR, 0.9, 0.999, 1e-8);
    }

    private static double maxAbs(Tensor t) { return t.abs().max(false).item(); }
}
