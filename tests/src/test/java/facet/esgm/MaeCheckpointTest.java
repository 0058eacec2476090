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
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * MAE-named checkpoints: built here for the tiny config and written as safetensors and as PyTorch
 * zip + pickle files; written by real torch.save (the checked-in fixtures); and pickles that ask
 * the restricted reader for more than a state dict.
 */
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

    // =========================================================================================
    // Files written by torch.save (tests/src/test/resources/mae/make_fixture.py says how)
    // =========================================================================================

    /** The fixture's shape: 16x16, patch 4, encoder 16 / 1 / 2, decoder 16 / 1 / 2 (MLP ratio 4). */
    static EsgmConfig fixtureConfig() { return EsgmConfig.of(EsgmConfig.encoder(16, 4, 16, 1, 2), new EsgmConfig.Decoder(16, 1, 2)); }

    /**
     * torch.save({'model': module.state_dict()}) of encoder and decoder: the OrderedDict's _metadata
     * is a BUILD in the pickle. It loads through pretrain --init's path, and every tensor equals
     * torch's, bit for bit; the mask-weight block (no MAE file has one) starts fresh.
     */
    @Test
    void aFullCheckpointWrittenByTorchLoadsWithTorchsValues() throws IOException {
        Map<String, Tensor> expected = SafeTensors.read(fixture("tiny-expected.safetensors"));
        assertEquals(38, expected.size(), "tensors in the fixture");
        assertSameTensors("MaeCheckpoint.read", expected, MaeCheckpoint.read(fixture("tiny-full.pth")), expected.keySet());

        MaskedAutoencoder m = new MaskedAutoencoder(fixtureConfig(), new Generator(2));
        Map<String, Tensor> freshBlock = blockOf(m);
        assertTrue(load(m, fixture("tiny-full.pth")).contains("no mask-weight block"));
        assertSameTensors("the loaded model", expected, m.stateDict(), expected.keySet());
        assertSameTensors("the mask-weight block", freshBlock, blockOf(m), freshBlock.keySet());
    }

    /** The same for the encoder alone (as mae_pretrain_vit_base.pth): into the autoencoder, whose decoder stays fresh, and into a plain ViT. */
    @Test
    void anEncoderOnlyCheckpointWrittenByTorchLoadsWithTorchsValues() throws IOException {
        Map<String, Tensor> expected = SafeTensors.read(fixture("tiny-expected.safetensors"));
        Map<String, Tensor> read = MaeCheckpoint.read(fixture("tiny-encoder.pth"));
        assertEquals(18, read.size(), "encoder tensors: " + read.keySet());
        assertSameTensors("MaeCheckpoint.read", expected, read, read.keySet());

        MaskedAutoencoder m = new MaskedAutoencoder(fixtureConfig(), new Generator(2));
        Tensor freshPred = m.decoderPred.weight.data().copy();
        assertTrue(load(m, fixture("tiny-encoder.pth")).contains("encoder only"));
        assertSameTensors("the loaded model", expected, m.stateDict(), read.keySet());
        assertArrayEquals(freshPred.toFloatArray(), m.decoderPred.weight.data().toFloatArray(), "the decoder must be left as it was");

        VisionTransformer vit = new VisionTransformer(fixtureConfig().encoder(), new Generator(5));
        MaeCheckpoint.loadEncoder(vit, fixture("tiny-encoder.pth"));
        assertSameTensors("the plain ViT", expected, vit.stateDict(), vit.stateDict().keySet());
    }

    // =========================================================================================
    // Pickles that ask for more are refused, and nothing in them runs
    // =========================================================================================

    /** os.system("touch MARKER") by GLOBAL + REDUCE, as a malicious .pth would: refused by name, and the marker never appears. */
    @Test
    void aPickleCallingOsSystemIsRefusedWithoutRunningIt() throws IOException {
        Path marker = dir.resolve("ran");
        TorchZipWriter.pickle().op(0x80, 2).op('}').str("model")
                .global("os\nsystem").str("touch " + marker).op(0x85).op('R')   // TUPLE1, REDUCE
                .op('s', '.').writeTo(dir.resolve("evil.pth"));
        IOException e = assertThrows(IOException.class, () -> MaeCheckpoint.read(dir.resolve("evil.pth")));
        assertTrue(e.getMessage().contains("global 'os.system'") && e.getMessage().contains("refuses"), e.getMessage());
        assertFalse(Files.exists(marker), "the pickle's command ran");
    }

    /** BUILD on a plain dict, on an OrderedDict with any state but _metadata, and on a global: each refused. */
    @Test
    void buildIsRefusedOnAnythingButAnOrderedDictsMetadata() throws IOException {
        Map<String, TorchZipWriter> bad = new LinkedHashMap<>();
        bad.put("a plain dict", TorchZipWriter.pickle().op('}').op('}').str("_metadata").op('}').op('s'));
        bad.put("an OrderedDict with another key", orderedDict().op('}').str("_metadata").op('}').op('s').str("x").integer(1).op('s'));
        bad.put("an OrderedDict with a non-dict _metadata", orderedDict().op('}').str("_metadata").str("x").op('s'));
        bad.put("an OrderedDict with slot state", orderedDict().op('}').str("_metadata").op('}').op('s').op('}').op(0x86));
        bad.put("a storage type", TorchZipWriter.pickle().global("torch\nFloatStorage").op('}').str("_metadata").op('}').op('s'));
        for (var e : bad.entrySet()) {
            Path file = dir.resolve("build.pth");
            TorchZipWriter w = TorchZipWriter.pickle().op(0x80, 2).op('}').str("model");
            w.op(e.getValue().bytes()).op('b', 's', '.').writeTo(file);
            IOException thrown = assertThrows(IOException.class, () -> MaeCheckpoint.read(file), e.getKey());
            assertTrue(thrown.getMessage().contains("BUILD") && thrown.getMessage().contains("refused"), e.getKey() + ": " + thrown.getMessage());
        }
        // the (state, slotstate) form torch may write, with no slots, is accepted
        Path ok = dir.resolve("slots.pth");
        TorchZipWriter.pickle().op(0x80, 2).op('}').str("model")
                .op(orderedDict().op('}').str("_metadata").op('}').op('s').op('N').op(0x86).bytes()).op('b', 's', '.').writeTo(ok);
        assertEquals(Map.of(), MaeCheckpoint.read(ok));
    }

    private static TorchZipWriter orderedDict() { return TorchZipWriter.pickle().global("collections\nOrderedDict").op(')').op('R'); }

    private static Path fixture(String name) {
        URL url = MaeCheckpointTest.class.getResource("/mae/" + name);
        assertNotNull(url, "the fixture " + name + " is not on the test classpath");
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Tensor> blockOf(MaskedAutoencoder m) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        m.maskWeight.stateDict().forEach((k, t) -> out.put(k, t.copy()));
        return out;
    }

    /** For each key, got's tensor has want's shape and every element equal bit for bit; a failure names the key and the first differing element. */
    private static void assertSameTensors(String where, Map<String, Tensor> want, Map<String, Tensor> got, Iterable<String> keys) {
        for (String k : keys) {
            Tensor w = want.get(k), g = got.get(k);
            assertNotNull(g, where + ": no tensor '" + k + "'");
            assertArrayEquals(w.shape(), g.shape(), where + ": shape of " + k);
            float[] a = w.toFloatArray(), b = g.toFloatArray();
            for (int i = 0; i < a.length; i++) {
                if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                    fail(where + ": " + k + "[" + i + "] is " + b[i] + ", torch wrote " + a[i]);
                }
            }
        }
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
