package facet.cuda;

import facet.autograd.Variable;
import facet.esgm.EsgmConfig;
import facet.esgm.MaskedAutoencoder;
import facet.esgm.PretrainStep;
import facet.esgm.RandomMasking;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One ESGM pre-training step on cuda:0 against the same step on the CPU: two models from one
 * seed, one moved to the device, each stepped once with random masking from equal generators
 * (Philox gives both devices the same noise, so the same masks; ESGM's own top-k of w could flip
 * a near-tie under different rounding) and L_rec + L_mask from one parsing map. Losses must match
 * to 1e-4 relative, every gradient and updated parameter to CudaModelsTest's tolerances. Tiny
 * shapes: on the CPU emulator every CUDA thread is a thread.
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
        Tensor images = Gpu.uniform(42, 0, 1, 2, 3, 16, 16);
        Tensor parsing = Gpu.uniform(43, 0, 19, 2, 16, 16).to(DType.I32);     // part ids 0..18 (the cast truncates)
        PretrainStep.Losses lc = new PretrainStep(cpu, new RandomMasking(new Generator(44)), PretrainStep.adamw(cpu, 2)).step(images, parsing);
        PretrainStep.Losses ld = new PretrainStep(dev, new RandomMasking(new Generator(44)), PretrainStep.adamw(dev, 2))
                .step(images.to(gpu), parsing.to(gpu));
        assertEquals(gpu, ld.total().device(), "the losses stay on the device");
        for (String which : new String[] {"total", "rec", "mask"}) {
            Tensor a = pick(lc, which), b = pick(ld, which);
            assertEquals(a.item(), b.item(), 1e-4 * Math.abs(a.item()), which + " loss");
        }
        Map<String, Variable> pc = cpu.namedParameters(), pd = dev.namedParameters();
        pc.forEach((name, p) -> {
            Variable q = pd.get(name);
            double scale = Math.max(p.grad().abs().max(false).item(), 1e-6);
            Gpu.close("gradient of " + name, q.grad(), p.grad(), 1e-4 * scale, 1e-3);
            Gpu.close(name + " after AdamW", q.data(), p.data(), 1e-5, 1e-4);
        });
    }

    private static Tensor pick(PretrainStep.Losses l, String which) {
        return switch (which) {
            case "total" -> l.total();
            case "rec" -> l.rec();
            default -> l.mask();
        };
    }
}
