package facet.cuda;

import facet.autograd.Variable;
import facet.esgm.EsgmConfig;
import facet.esgm.MaskedAutoencoder;
import facet.esgm.RandomMasking;
import facet.nn.optim.AdamW;
import facet.nn.optim.ParamGroup;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One ESGM pre-training step on cuda:0 against the same step on the CPU: two models from one
 * seed, one moved to the device, each stepped once (MAE's AdamW, the model's no-decay set) with
 * random masking from equal generators (Philox gives both devices the same noise, so the same
 * masks; ESGM's own top-k of w could flip a near-tie under different rounding) and L_rec + L_mask
 * from one parsing map. Losses must match to 1e-4 relative, every gradient to CudaModelsTest's
 * tolerances, and every update (after - before, about lr = 1.2e-6 per element) to 1e-3 of its
 * size. Tiny shapes: on the CPU emulator every CUDA thread is a thread.
 */
class CudaEsgmTest {
    Device gpu;

    @BeforeEach
    void gpu() { gpu = Gpu.require(); }

    @Test
    void aPretrainingStepMatchesTheCpu() {
        EsgmConfig c = EsgmConfig.of(EsgmConfig.encoder(16, 4, 16, 1, 2), new EsgmConfig.Decoder(16, 1, 2))
                .withWeightBlock(new EsgmConfig.WeightBlock(2, 16, EsgmConfig.GapOver.CHANNELS));
        MaskedAutoencoder cpu = new MaskedAutoencoder(c, new Generator(41)), dev = new MaskedAutoencoder(c, new Generator(41));
        dev.to(gpu);
        Map<String, Tensor> before = copies(cpu), beforeDev = copies(dev);
        Tensor images = Gpu.uniform(42, 0, 1, 2, 3, 16, 16);
        Tensor parsing = Gpu.uniform(43, 0, 19, 2, 16, 16).to(DType.I32);     // part ids 0..18 (the cast truncates)
        MaskedAutoencoder.LossTerms lc = step(cpu, images, parsing), ld = step(dev, images.to(gpu), parsing.to(gpu));
        assertEquals(gpu, ld.total().data().device(), "the losses stay on the device");
        Map<String, Tensor> vc = lc.logged(), vd = ld.logged();
        assertEquals(vc.keySet(), vd.keySet());
        vc.forEach((which, a) -> assertEquals(a.item(), vd.get(which).item(), 1e-4 * Math.abs(a.item()), which));

        Map<String, Variable> pd = dev.namedParameters();
        cpu.namedParameters().forEach((name, p) -> {
            Variable q = pd.get(name);
            Tensor g = p.grad();
            double scale = Math.max(g.abs().max(false).item(), 1e-6);
            Gpu.close("gradient of " + name, q.grad(), g, 1e-4 * scale, 1e-3);
            // Adam's first step is lr * g / (|g| + eps): where g is within the gradient's tolerance of 0, either
            // device may take either sign, so those elements are left out of the update's comparison
            double[] gc = g.toDoubleArray();
            boolean[] undetermined = new boolean[gc.length];
            for (int i = 0; i < gc.length; i++) undetermined[i] = Math.abs(gc[i]) <= 1e-4 * scale;
            Gpu.sameUpdate(name + "'s AdamW update", beforeDev.get(name), q.data(), before.get(name), p.data(), 1e-3, undetermined);
            assertTrue(p.data().sub(before.get(name)).abs().max(false).item() > 0, name + " was not updated on the CPU");
        });
    }

    /** One step as the loop runs it: the model's losses, backward, MAE's AdamW (lr 1.5e-4 * 2 / 256, betas 0.9 / 0.95). */
    private static MaskedAutoencoder.LossTerms step(MaskedAutoencoder m, Tensor images, Tensor parsing) {
        AdamW opt = new AdamW(ParamGroup.decayAndNoDecay(m, 0.05, m.noWeightDecay()), 1.5e-4 * 2 / 256, 0.9, 0.95, 1e-8);
        m.train();
        opt.zeroGrad();
        MaskedAutoencoder.LossTerms l = m.forward(images, parsing, new RandomMasking(new Generator(44))).losses();
        l.total().backward();
        opt.step();
        return l;
    }

    private static Map<String, Tensor> copies(MaskedAutoencoder m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.namedParameters().forEach((n, p) -> out.put(n, p.data().copy()));
        return out;
    }
}
