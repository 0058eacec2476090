package facet.nn;

import facet.autograd.Variable;
import facet.nn.models.ResNet18;
import facet.nn.models.ResNetConfig;
import facet.nn.models.ViTConfig;
import facet.nn.models.VisionTransformer;
import facet.nn.optim.AdamW;
import facet.nn.optim.ParamGroup;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.StepArena;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training steps give the same bits with a step arena as without: recycled arrays are zeroed or
 * written whole before they are read. The suite's poison setting hands out every array meant for
 * overwriting as NaN, so an op that leaves an element unwritten turns the parameters to NaN here.
 */
class StepArenaTrainingTest {
    static final int BATCH = 8, SIZE = 32, CLASSES = 7, STEPS = 3;

    static Map<String, Variable> train(Layer model, boolean arena) {
        Tensor x = Tensor.randn(new Generator(3), DType.F32, BATCH, 3, SIZE, SIZE);
        int[] y = new int[BATCH];
        for (int i = 0; i < BATCH; i++) y[i] = i % CLASSES;
        Tensor labels = Tensor.ofInts(y, BATCH);
        AdamW opt = new AdamW(ParamGroup.decayAndNoDecay(model, 0.05, Set.of()), 1e-3, 0.9, 0.999, 1e-8);
        Loss.CrossEntropy loss = new Loss.CrossEntropy(0);
        StepArena steps = new StepArena();
        model.train();
        for (int s = 0; s < STEPS; s++) {
            try (StepArena.Scope ignored = arena ? steps.enter() : () -> { }) {
                opt.zeroGrad();
                loss.forward(model.apply(Variable.constant(x)), labels).backward();
                opt.step();
            }
        }
        if (arena) assertTrue(steps.reused() > 10, "the arena recycled only " + steps.reused() + " arrays in " + STEPS + " steps");
        return model.namedParameters();
    }

    static void sameBits(Supplier<Layer> make) {
        Map<String, Variable> with = train(make.get(), true), without = train(make.get(), false);
        for (String name : without.keySet()) {
            float[] a = (float[]) with.get(name).data().toArray(), b = (float[]) without.get(name).data().toArray();
            for (float v : a) assertTrue(Float.isFinite(v), name + " is not finite after training with the arena");
            assertArrayEquals(b, a, name + " differs with the arena");
        }
    }

    @Test
    void aVitStepIsTheSameWithTheArena() {
        ViTConfig c = new ViTConfig(SIZE, 4, 3, 64, 2, 4, 4.0, CLASSES, true, ViTConfig.PosEmbed.SINCOS, ViTConfig.Pool.CLS, 0, 0);
        sameBits(() -> new VisionTransformer(c, new Generator(5)));
    }

    @Test
    void aResNetStepIsTheSameWithTheArena() {
        sameBits(() -> new ResNet18(ResNetConfig.small(CLASSES).withWidth(0.25), new Generator(6)));
    }
}
