package facet.train.cli;

import facet.train.calibrate.CalibrationConfig;
import facet.train.experiment.Finetuning;
import facet.train.experiment.Pretraining;
import facet.train.run.ConfigException;
import facet.train.run.ConfigSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every run kind's config spec by name, for {@code ./facet config --print NAME} and {@code --check}.
 * The list lives here, at the top, so that the run package (the loop, configs, run folders) knows
 * no kind of run; a new kind is one more line.
 */
public final class RunKinds {
    private RunKinds() {}

    private static final Map<String, Supplier<ConfigSpec>> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("calibrate", CalibrationConfig::spec);
        KINDS.put("pretrain", Pretraining::spec);
        KINDS.put("finetune", Finetuning::spec);
    }

    public static List<String> names() { return List.copyOf(KINDS.keySet()); }

    public static ConfigSpec spec(String kind) {
        Supplier<ConfigSpec> s = KINDS.get(kind);
        if (s == null) throw new ConfigException("unknown run kind '" + kind + "'; known: " + String.join(", ", KINDS.keySet()));
        return s.get();
    }
}
