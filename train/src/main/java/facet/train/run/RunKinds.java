package facet.train.run;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Every run kind's config spec by name, for {@code ./facet config --print NAME} and for run
 * folders that name their kind. The integrator adds pretrain and finetune with one line each.
 */
public final class RunKinds {
    private RunKinds() {}

    private static final Map<String, Supplier<ConfigSpec>> KINDS = new LinkedHashMap<>();

    static {
        register("calibrate", facet.train.calibrate.CalibrationConfig::spec);
        register("pretrain", facet.train.experiment.Pretraining::spec);
        register("finetune", facet.train.experiment.Finetuning::spec);
    }

    public static synchronized void register(String kind, Supplier<ConfigSpec> spec) { KINDS.put(kind, spec); }

    public static synchronized Iterable<String> names() { return java.util.List.copyOf(KINDS.keySet()); }

    public static synchronized ConfigSpec spec(String kind) {
        Supplier<ConfigSpec> s = KINDS.get(kind);
        if (s == null) throw new ConfigException("unknown run kind '" + kind + "'; known: " + String.join(", ", KINDS.keySet()));
        return s.get();
    }
}
