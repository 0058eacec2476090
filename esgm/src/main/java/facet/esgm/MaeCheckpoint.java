package facet.esgm;

import facet.nn.io.SafeTensors;
import facet.nn.io.TorchCheckpoint;
import facet.nn.models.VisionTransformer;
import facet.tensor.Shape;
import facet.tensor.Tensor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loading MAE-named weights: the official MAE files (a PyTorch .pth from torch.save, the state
 * dict under 'model', with its _metadata), safetensors with the same keys, or an ESGM checkpoint
 * of this package's model.
 * Encoder-only files (mae_pretrain_vit_base.pth) are accepted: the decoder (and the mask-weight
 * block, which no MAE file has) starts fresh, said in one line. Otherwise loading is strict, and
 * the first missing, unexpected or mis-shaped key is named in one sentence.
 */
public final class MaeCheckpoint {
    private MaeCheckpoint() {}

    /** The file's state dict: safetensors by extension, anything else as a PyTorch zip checkpoint. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        return file.getFileName().toString().endsWith(".safetensors") ? SafeTensors.read(file) : TorchCheckpoint.stateDict(file, "model");
    }

    /** Loads file into model; encoder-only and MAE files (without mask_weight.*) print one line to log about what starts fresh. */
    public static void load(MaskedAutoencoder model, Path file, PrintStream log) throws IOException {
        Map<String, Tensor> state = read(file), own = model.stateDict();
        check(file, state, own);
        boolean hasDecoder = false, hasBlock = false;
        for (String k : state.keySet()) {
            hasDecoder |= !encoderKey(k) && !k.startsWith("mask_weight.");
            hasBlock |= k.startsWith("mask_weight.");
        }
        for (String k : own.keySet()) {
            boolean optional = !encoderKey(k) && (!hasDecoder || k.startsWith("mask_weight.") && !hasBlock);
            if (!state.containsKey(k) && !optional) throw new IllegalArgumentException(file + ": key '" + k + "' is missing");
        }
        if (!hasDecoder) log.println(file.getFileName() + " holds the encoder only: the decoder and the mask-weight block start fresh");
        else if (!hasBlock) log.println(file.getFileName() + " has no mask-weight block (an MAE file): the block starts fresh");
        model.loadStateDict(state, false);
    }

    /** Loads the encoder keys of an ESGM checkpoint or an MAE file into vit (classes 0); the decoder and block keys are skipped. */
    public static void loadEncoder(VisionTransformer vit, Path file) throws IOException {
        Map<String, Tensor> state = read(file), own = vit.stateDict(), picked = new LinkedHashMap<>();
        for (String k : own.keySet()) {
            if (!state.containsKey(k)) throw new IllegalArgumentException(file + ": encoder key '" + k + "' is missing");
            picked.put(k, state.get(k));
        }
        check(file, picked, own);
        vit.loadStateDict(picked, true);
    }

    /** Unexpected or mis-shaped keys fail with the first one named. */
    private static void check(Path file, Map<String, Tensor> state, Map<String, Tensor> own) {
        for (var e : state.entrySet()) {
            Tensor mine = own.get(e.getKey());
            if (mine == null) throw new IllegalArgumentException(file + ": key '" + e.getKey() + "' is unexpected for this model");
            if (!Arrays.equals(mine.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException(file + ": key '" + e.getKey() + "' has shape " + Shape.str(e.getValue().shape())
                        + ", the model needs " + Shape.str(mine.shape()));
            }
        }
    }

    /** Keys the plain encoder (a VisionTransformer) has: everything but mask_token, decoder_* and mask_weight.*. */
    private static boolean encoderKey(String k) {
        return !(k.equals("mask_token") || k.startsWith("decoder_") || k.startsWith("mask_weight."));
    }
}
