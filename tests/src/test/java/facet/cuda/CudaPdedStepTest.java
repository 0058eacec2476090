package facet.cuda;

import facet.autograd.Variable;
import facet.nn.optim.ParamGroup;
import facet.nn.optim.Sgd;
import facet.pded.DomainBatch;
import facet.pded.PdedConfig;
import facet.pded.PdedModel;
import facet.pded.Tiny;
import facet.tensor.Device;
import facet.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One PDED fine-tuning step on cuda:0 equals the CPU step: the same model built twice from one
 * seed, one copy moved to the device, the single-source batch (images and their blur) made on each
 * device, the model's training step with plain SGD (so a rounding-level gradient cannot flip a
 * step's sign, as it can with Adam). Losses to 1e-4 relative; every parameter's update (after -
 * before) to 1e-3 of the tensor's largest update; batch norm's running statistics to
 * CudaModelsTest's tolerance. Skipped with the reason where no GPU is present (the kernels alone
 * also run on the CPU emulator, see EmulatedKernelsTest; a whole step needs the driver).
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
        Tiny.randomiseDecouplers(cpu, 42);   // at their zero init F_d = 0, and the decouplers' updates would compare 0 with 0
        Tiny.randomiseDecouplers(dev, 42);
        dev.to(gpu);
        Map<String, Tensor> before = copies(cpu), beforeDev = copies(dev);
        Tensor x = Gpu.randn(41, 3, 3, 16, 16), y = Tensor.ofInts(new int[] {1, 4, 6}, 3);
        DomainBatch bc = DomainBatch.singleSource(x, y, 1.0), bd = DomainBatch.singleSource(x.to(gpu), y.to(gpu), 1.0);
        Gpu.close("blurred batch", bd.images(), bc.images(), 1e-5, 1e-5);

        PdedModel.LossTerms lc = step(cpu, bc), ld = step(dev, bd);
        assertEquals(gpu, ld.total().data().device(), "the losses stay on the device");
        assertEquals(lc.expression().item(), ld.expression().item(), 1e-4 * Math.abs(lc.expression().item()), "L_exp");
        assertEquals(lc.domain().item(), ld.domain().item(), 1e-4 * Math.abs(lc.domain().item()), "L_dom");

        Map<String, Variable> pd = dev.namedParameters();
        cpu.namedParameters().forEach((n, p) -> Gpu.sameUpdate(n + "'s update", beforeDev.get(n), pd.get(n).data(), before.get(n), p.data(), 1e-3, null));
        Map<String, Tensor> bd2 = dev.namedBuffers();
        cpu.namedBuffers().forEach((n, b) -> Gpu.close("buffer " + n, bd2.get(n), b, 1e-4 * b.abs().max(false).item(), 1e-3));
    }

    /** One step as the loop runs it: the model's forward step, backward, SGD. */
    private static PdedModel.LossTerms step(PdedModel m, DomainBatch b) {
        Sgd sgd = new Sgd(ParamGroup.all(m, 0), LR, 0, false);
        sgd.zeroGrad();
        PdedModel.LossTerms l = m.forwardStep(b).losses();
        l.total().backward();
        sgd.step();
        return l;
    }

    private static Map<String, Tensor> copies(PdedModel m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.namedParameters().forEach((n, p) -> out.put(n, p.data().copy()));
        return out;
    }
}
