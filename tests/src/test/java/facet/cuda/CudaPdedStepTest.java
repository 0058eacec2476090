package facet.cuda;

import facet.nn.optim.ParamGroup;
import facet.nn.optim.Sgd;
import facet.pded.DomainBatch;
import facet.pded.FinetuneStep;
import facet.pded.PdedConfig;
import facet.pded.PdedModel;
import facet.pded.Tiny;
import facet.tensor.Device;
import facet.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One PDED fine-tuning step on cuda:0 equals the CPU step: the same model built twice from one
 * seed, one copy moved to the device, the single-source batch (images and their blur) made on each
 * device, FinetuneStep with plain SGD (so a rounding-level gradient cannot flip a step's sign, as
 * it can with Adam). Losses to 1e-4 relative; every parameter after the step to rtol 1e-3 and
 * atol 1e-4 of its largest gradient times lr; batch norm's running statistics to CudaModelsTest's
 * tolerance. Skipped with the reason where no GPU is present (the kernels alone also run on the
 * CPU emulator, see EmulatedKernelsTest; a whole step needs the driver).
 */
class CudaPdedStepTest {
    static final double LR = 0.1;

    Device gpu;

    @BeforeEach
    void gpu() { gpu = Gpu.require(); }

    @ParameterizedTest
    @EnumSource(PdedConfig.Input.class)
    void aProgressiveStepMatchesTheCpu(PdedConfig.Input input) {
        PdedConfig c = Tiny.sixteen(input, 0.125);   // the default variant: PROGRESSIVE
        PdedModel cpu = Tiny.model(c, 40), dev = Tiny.model(c, 40);
        dev.to(gpu);
        Tensor x = Gpu.randn(41, 3, 3, 16, 16), y = Tensor.ofInts(new int[] {1, 4, 6}, 3);
        DomainBatch bc = DomainBatch.singleSource(x, y, 1.0), bd = DomainBatch.singleSource(x.to(gpu), y.to(gpu), 1.0);
        Gpu.close("blurred batch", bd.images(), bc.images(), 1e-5, 1e-5);

        FinetuneStep.Losses lc = new FinetuneStep(cpu, sgd(cpu)).step(bc.images(), bc.expression(), bc.domain());
        FinetuneStep.Losses ld = new FinetuneStep(dev, sgd(dev)).step(bd.images(), bd.expression(), bd.domain());
        assertEquals(gpu, ld.total().device(), "the losses stay on the device");
        assertEquals(lc.expression().item(), ld.expression().item(), 1e-4 * Math.abs(lc.expression().item()), "L_exp");
        assertEquals(lc.domain().item(), ld.domain().item(), 1e-4 * Math.abs(lc.domain().item()), "L_dom");

        Map<String, facet.autograd.Variable> pd = dev.namedParameters();
        cpu.namedParameters().forEach((n, p) -> {
            double scale = LR * p.grad().abs().max(false).item();
            Gpu.close(n + " after the step", pd.get(n).data(), p.data(), 1e-4 * scale + 1e-7, 1e-3);
        });
        Map<String, Tensor> bd2 = dev.namedBuffers();
        cpu.namedBuffers().forEach((n, b) -> Gpu.close("buffer " + n, bd2.get(n), b, 1e-4 * b.abs().max(false).item(), 1e-3));
    }

    private static Sgd sgd(PdedModel m) { return new Sgd(ParamGroup.all(m, 0), LR, 0, false); }
}
