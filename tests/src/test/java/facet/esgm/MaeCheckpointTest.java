package facet.esgm;

import facet.nn.io.SafeTensors;
import facet.nn.models.VisionTransformer;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** MAE-named checkpoints built here for the tiny config, written as safetensors and as PyTorch zip + pickle files. */
class MaeCheckpointTest {
    @TempDir Path dir;
    final MaskedAutoencoder source = new MaskedAutoencoder(TinyFaces.config(), new Generator(1));

    @Test
    void theKeysAreMaes() {
        var keys = source.stateDict().keySet();
        for (String k : new String[] {"cls_token", "pos_embed", "patch_embed.proj.weight", "blocks.1.attn.qkv.weight", "norm.bias", "mask_token",
                "decoder_embed.weight", "decoder_pos_embed", "decoder_blocks.0.mlp.fc2.bias", "decoder_norm.weight", "decoder_pred.weight",
                "mask_weight.qkv.weight"}) {
            assertTrue(keys.contains(k), k + " missing from " + keys);
        }
    }

    @Test
    void aFullCheckpointLoadsStrictlyFromSafetensorsAndFromPth() throws IOException {
        Map<String, Tensor> state = source.stateDict();
        SafeTensors.write(dir.resolve("m.safetensors"), state, Map.of());
        TorchZipWriter.write(dir.resolve("m.pth"), state);
        for (String f : new String[] {"m.safetensors", "m.pth"}) {
            MaskedAutoencoder m = new MaskedAutoencoder(TinyFaces.config(), new Generator(2));
            String said = load(m, dir.resolve(f));
            assertEquals("", said, f + " is complete, nothing should start fresh");
            m.stateDict().forEach((k, t) -> assertArrayEquals(state.get(k).toFloatArray(), t.toFloatArray(), f + ": " + k));
        }
    }

    @Test
    void anEncoderOnlyFileLoadsWithAFreshDecoderAndIntoAPlainViT() throws IOException {
        Map<String, Tensor> enc = new LinkedHashMap<>();
        source.stateDict().forEach((k, t) -> { if (!k.startsWith("decoder") && !k.equals("mask_token") && !k.startsWith("mask_weight")) enc.put(k, t); });
        TorchZipWriter.write(dir.resolve("enc.pth"), enc);
        MaskedAutoencoder m = new MaskedAutoencoder(TinyFaces.config(), new Generator(2));
        Tensor freshPred = m.decoderPred.weight.data().copy();
        assertTrue(load(m, dir.resolve("enc.pth")).contains("encoder only"));
        assertArrayEquals(enc.get("blocks.0.mlp.fc1.weight").toFloatArray(), m.blocks.stateDict().get("0.mlp.fc1.weight").toFloatArray());
        assertArrayEquals(freshPred.toFloatArray(), m.decoderPred.weight.data().toFloatArray(), "the decoder must be left as it was");

        VisionTransformer vit = new VisionTransformer(TinyFaces.config().encoder(), new Generator(5));
        MaeCheckpoint.loadEncoder(vit, dir.resolve("enc.pth"));
        assertArrayEquals(enc.get("cls_token").toFloatArray(), vit.clsToken.data().toFloatArray());
        SafeTensors.write(dir.resolve("full.safetensors"), source.stateDict(), Map.of());
        MaeCheckpoint.loadEncoder(vit, dir.resolve("full.safetensors"));   // an ESGM checkpoint: decoder and block keys skipped
        assertArrayEquals(source.norm.weight.data().toFloatArray(), vit.norm.weight.data().toFloatArray());
    }

    @Test
    void aWrongCheckpointFailsNamingTheKey() throws IOException {
        Map<String, Tensor> missing = new LinkedHashMap<>(source.stateDict());
        missing.remove("decoder_norm.bias");
        TorchZipWriter.write(dir.resolve("missing.pth"), missing);
        assertMessage("key 'decoder_norm.bias' is missing", dir.resolve("missing.pth"));

        Map<String, Tensor> extra = new LinkedHashMap<>(source.stateDict());
        extra.put("head.weight", Tensor.zeros(2, 2));
        SafeTensors.write(dir.resolve("extra.safetensors"), extra, Map.of());
        assertMessage("key 'head.weight' is unexpected", dir.resolve("extra.safetensors"));

        Map<String, Tensor> shaped = new LinkedHashMap<>(source.stateDict());
        shaped.put("pos_embed", Tensor.zeros(1, 5, 32));
        TorchZipWriter.write(dir.resolve("shape.pth"), shaped);
        assertMessage("key 'pos_embed' has shape [1, 5, 32], the model needs [1, 17, 32]", dir.resolve("shape.pth"));
    }

    @Test
    void aPickleAskingForAnyOtherGlobalIsRefusedByName() throws IOException {
        TorchZipWriter.write(dir.resolve("evil.pth"), Map.of("cls_token", Tensor.zeros(1, 1, 32)), "os\nsystem");
        IOException e = assertThrows(IOException.class, () -> MaeCheckpoint.read(dir.resolve("evil.pth")));
        assertTrue(e.getMessage().contains("global 'os.system'") && e.getMessage().contains("refuses"), e.getMessage());
    }

    private void assertMessage(String part, Path file) {
        MaskedAutoencoder m = new MaskedAutoencoder(TinyFaces.config(), new Generator(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(m, file));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    private static String load(MaskedAutoencoder m, Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        MaeCheckpoint.load(m, file, new PrintStream(out, true));
        return out.toString();
    }
}
