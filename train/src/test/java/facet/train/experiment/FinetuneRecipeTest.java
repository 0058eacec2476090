package facet.train.experiment;

import facet.autograd.Variable;
import facet.nn.optim.ParamGroup;
import facet.pded.PdedModel;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import facet.train.run.Config;
import facet.train.run.RunDir;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The fine-tuning recipe as the optimizer and the checkpoint see it, on a tiny encoder (2 blocks):
 * each parameter in exactly one group, at MAE's layer-wise rate, the decouplers at their own
 * factor, the class token exempt from decay; and the generator that drop path draws from is the
 * one the checkpoint saves, so that a resumed run draws the same masks.
 */
class FinetuneRecipeTest {
    @TempDir static Path tmp;
    static Path pretrained;

    @BeforeAll static void pretrain() {
        Config c = Config.defaults(Pretraining.spec()).with(List.of("train_count=16", "heldout_count=8", "patch=8", "dim=32", "depth=2", "heads=2",
                "decoder_dim=16", "decoder_depth=1", "decoder_heads=2", "init=", "probe_data=", "epochs=1", "phase2_epochs=0", "batch=8", "threads=1",
                "cache=" + tmp.resolve("cache")));
        pretrained = tmp.resolve("pretrain");
        try (RunDir run = RunDir.create(pretrained, c, false, new PrintWriter(new StringWriter()))) {
            Pretraining.run(run, Device.CPU);
        }
    }

    private static Config finetune(String... set) {
        return Config.defaults(Finetuning.spec()).with(List.of("input=esgm", "from=" + pretrained, "variant=single", "cache=" + tmp.resolve("cache")))
                .with(List.of(set));
    }

    @Test void eachParameterLearnsAtItsLayersRateAndTheDecouplersAtTheirOwn() {
        Finetuning.Built b = Finetuning.build(finetune("layer_decay=0.5", "decoupler_lr_scale=0.1"), Device.CPU, true);
        List<ParamGroup> groups = new FinetuneTask(b.model(), b.generator(), 1.0, false, new FinetuneTask.Recipe(0.5, true, 0.1), Device.CPU)
                .paramGroups(0.05);
        Map<String, ParamGroup> of = new HashMap<>();
        for (ParamGroup g : groups) for (String n : g.params().keySet()) assertNull(of.put(n, g), n + " is in two groups");
        assertEquals(b.model().namedParameters().keySet(), of.keySet(), "every parameter in a group");
        // 2 blocks: layers 0 (embedding) .. 3 (everything after the encoder's blocks); layer l at 0.5^(3 - l)
        assertEquals(0.125, of.get("encoder.cls_token").lrScale());
        assertEquals(0.0, of.get("encoder.cls_token").weightDecay(), "the class token is not decayed");
        assertEquals(0.125, of.get("encoder.patch_embed.proj.weight").lrScale());
        assertEquals(0.05, of.get("encoder.patch_embed.proj.weight").weightDecay());
        assertEquals(0.25, of.get("encoder.blocks.0.attn.qkv.weight").lrScale());
        assertEquals(0.5, of.get("encoder.blocks.1.mlp.fc2.weight").lrScale());
        assertEquals(1.0, of.get("layer1.0.conv1.weight").lrScale());
        assertEquals(0.1, of.get("decoupler1.conv.weight").lrScale(), 1e-15);
        assertEquals(0.1, of.get("decoupler1.conv.bias").lrScale(), 1e-15);
        assertEquals(1.0, of.get("decoupler1.project.weight").lrScale(), "only the convolution that computes F_d is slowed");
        assertEquals(0.0, of.get("encoder.cls_token").weightDecay());
        ParamGroup decayed = new FinetuneTask(b.model(), b.generator(), 1.0, false, new FinetuneTask.Recipe(0.5, false, 0.1), Device.CPU)
                .paramGroups(0.05).stream().filter(g -> g.params().containsKey("encoder.cls_token")).findFirst().orElseThrow();
        assertEquals(0.05, decayed.weightDecay(), "no_decay_tokens = false decays the class token");
    }

    @Test void dropPathDrawsFromTheGeneratorTheCheckpointSaves() {
        Finetuning.Built b = Finetuning.build(finetune("drop_path=0.5"), Device.CPU, true);
        FinetuneTask task = new FinetuneTask(b.model(), b.generator(), 1.0, false, new FinetuneTask.Recipe(0.75, true, 0.1), Device.CPU);
        assertSame(b.generator(), task.generators().get("model"));
        long before = b.generator().offset();
        b.model().train();
        b.model().forward(Variable.constant(Tensor.randn(new Generator(3), DType.F32, 2, 3, 32, 32)));
        assertNotEquals(before, b.generator().offset(), "a training forward with drop path 0.5 drew nothing from the saved generator");

        Finetuning.Built frozen = Finetuning.build(finetune("drop_path=0.5", "encoder_mode=frozen"), Device.CPU, true);
        assertEquals(0.0, frozen.model().encoder.config.dropPath(), "a frozen encoder gets no drop path");
    }
}
