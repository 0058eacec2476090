package facet.nn.io;

import facet.nn.Module;
import facet.nn.optim.Optimizer;
import facet.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training checkpoint as one safetensors file: the model's state dict under "model.", the
 * optimizer's state under "optimizer." and string metadata (step, config...). Written
 * atomically, so a run killed mid-save resumes from the previous complete checkpoint.
 */
public final class Checkpoint {
    private Checkpoint() {}

    static final String MODEL = "model.", OPTIMIZER = "optimizer.";

    /** optimizer may be null (a model-only file, e.g. pre-trained weights to hand on). */
    public static void save(Path path, Module model, Optimizer optimizer, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> all = new LinkedHashMap<>();
        model.stateDict().forEach((k, t) -> all.put(MODEL + k, t));
        if (optimizer != null) optimizer.stateDict().forEach((k, t) -> all.put(OPTIMIZER + k, t));
        SafeTensors.write(path, all, metadata);
    }

    /**
     * Loads the model (strict or not, see {@link Module#loadStateDict}) and, when optimizer is not
     * null, its state; returns the metadata. A key under neither prefix is refused when strict.
     */
    public static Map<String, String> load(Path path, Module model, Optimizer optimizer, boolean strict) throws IOException {
        Map<String, Tensor> modelState = new LinkedHashMap<>(), optState = new LinkedHashMap<>();
        Map<String, String> metadata;
        try (SafeTensors.Reader r = SafeTensors.open(path)) {
            metadata = r.metadata();
            for (String k : r.entries().keySet()) {
                if (k.startsWith(MODEL)) modelState.put(k.substring(MODEL.length()), r.read(k));
                else if (k.startsWith(OPTIMIZER)) {
                    if (optimizer != null) optState.put(k.substring(OPTIMIZER.length()), r.read(k));
                } else if (strict) {
                    throw new IllegalArgumentException("checkpoint " + path + ": key '" + k + "' is under neither '" + MODEL + "' nor '" + OPTIMIZER + "'");
                }
            }
        }
        model.loadStateDict(modelState, strict);
        if (optimizer != null) optimizer.loadStateDict(optState);
        return metadata;
    }
}
