package facet.nn.io;

import facet.autograd.Variable;
import facet.nn.Loss;
import facet.nn.models.ResNet18;
import facet.nn.models.ResNetConfig;
import facet.nn.optim.AdamW;
import facet.nn.optim.ParamGroup;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A checkpoint file holds model, buffers and optimizer state: training resumed from it continues bit for bit. */
class CheckpointTest {
    @TempDir Path dir;

    static final Tensor X = Tensor.randn(new Generator(1), DType.F32, 4, 3, 8, 8);
    static final Tensor Y = Tensor.ofInts(new int[] {0, 1, 2, 1}, 4);

    static ResNet18 model(long seed) { return new ResNet18(ResNetConfig.small(3).withWidth(0.0625), new Generator(seed)); }

    static AdamW optimizer(ResNet18 m) { return new AdamW(ParamGroup.decayAndNoDecay(m, 0.05, Set.of()), 1e-2, 0.9, 0.999, 1e-8); }

    static void step(ResNet18 m, AdamW o) {
        o.zeroGrad();
        new Loss.CrossEntropy(0.1).forward(m.apply(Variable.constant(X)), Y).backward();
        o.step();
    }

    @Test
    void trainingResumedFromACheckpointMatchesUninterruptedTraining() throws IOException {
        ResNet18 a = model(2);
        AdamW oa = optimizer(a);
        step(a, oa);
        step(a, oa);
        Path p = dir.resolve("step2.safetensors");
        Checkpoint.save(p, a, oa, Map.of("step", "2"));
        step(a, oa);

        ResNet18 b = model(3);
        AdamW ob = optimizer(b);
        assertEquals(Map.of("step", "2"), Checkpoint.load(p, b, ob, true));
        step(b, ob);
        a.stateDict().forEach((k, t) -> assertArrayEquals(t.toFloatArray(), b.stateDict().get(k).toFloatArray(), 0, k));
        assertEquals(3, ob.stateDict().get("fc.weight.step").item(), "the per-parameter step count came back");
    }

    @Test
    void aStrictLoadRefusesKeysOutsideTheModelAndOptimizer() throws IOException {
        ResNet18 m = model(4);
        Map<String, Tensor> state = new LinkedHashMap<>();
        m.stateDict().forEach((k, t) -> state.put(Checkpoint.MODEL + k, t));
        state.put("ema.fc.weight", Tensor.zeros(3, 4));
        Path p = dir.resolve("foreign.safetensors");
        SafeTensors.write(p, state, Map.of());
        var e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(p, model(5), null, true));
        assertTrue(e.getMessage().contains("'ema.fc.weight'"), e.getMessage());
        Checkpoint.load(p, model(5), null, false);
    }
}
