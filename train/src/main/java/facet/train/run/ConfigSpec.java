package facet.train.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of one run kind (calibrate, pretrain, finetune...), in the order a printed config lists
 * them, under section titles. Built once per kind (the command line lists the kinds it knows);
 * a new model key is one more {@code key(...)} line.
 */
public final class ConfigSpec {
    private final String kind, description;
    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
    private final Map<String, String> sectionBefore = new LinkedHashMap<>();

    private ConfigSpec(String kind, String description) {
        this.kind = kind;
        this.description = description;
    }

    public static ConfigSpec of(String kind, String description) { return new ConfigSpec(kind, description); }

    public String kind() { return kind; }

    public String description() { return description; }

    /** Starts a titled group of keys (a comment line in the printed config). */
    public ConfigSpec section(String title) {
        pendingSection = title;
        return this;
    }

    private String pendingSection;

    public ConfigSpec key(ConfigKey k) {
        if (keys.containsKey(k.name())) throw new IllegalArgumentException("config " + kind + ": key '" + k.name() + "' is declared twice");
        if (!k.rule().test(k.defaultValue())) throw new IllegalArgumentException("config " + kind + ": the default of '" + k.name() + "' breaks its own rule");
        keys.put(k.name(), k);
        if (pendingSection != null) sectionBefore.put(k.name(), pendingSection);
        pendingSection = null;
        return this;
    }

    /**
     * The training loop's keys (see {@link LoopSettings}) with this kind's defaults for the ones
     * that differ between kinds; {@link LoopSettings#from(Config, String)} reads them back.
     */
    public ConfigSpec loopKeys(int epochs, int batch, double lr, double weightDecay, double beta2) {
        return section("training loop")
                .key(ConfigKey.integer("epochs", epochs, 1, "passes over the training set"))
                .key(ConfigKey.integer("batch", batch, 1, "samples per step"))
                .key(ConfigKey.positive("lr", lr, 10, "AdamW's peak learning rate"))
                .key(ConfigKey.real("min_lr", 0, 0, 10, "the cosine ends here"))
                .key(ConfigKey.real("warmup", 0.05, 0, 0.99, "fraction of the steps spent warming up linearly from 0"))
                .key(ConfigKey.real("weight_decay", weightDecay, 0, 10, "AdamW's decoupled decay on weights (not biases or norms)"))
                .key(ConfigKey.real("beta1", 0.9, 0, 0.999999, "AdamW's first-moment decay"))
                .key(ConfigKey.real("beta2", beta2, 0, 0.999999, "AdamW's second-moment decay"))
                .key(ConfigKey.real("clip", 0, 0, Double.POSITIVE_INFINITY, "clip the global gradient norm to this (0: no clipping)"))
                .key(ConfigKey.integer("log_every", 1, 1, "a metrics.csv row every this many steps (and at each epoch's end)"))
                .key(ConfigKey.integer("eval_every", 0, 0, "evaluate every this many steps (0: never mid-epoch)"))
                .key(ConfigKey.integer("checkpoint_every", 0, 0, "a checkpoint every this many steps (0: only at each epoch's end)"))
                .key(ConfigKey.longKey("seed", 1, "every random stream derives from it"))
                .key(ConfigKey.integer("threads", Runtime.getRuntime().availableProcessors(), 1, "worker threads (rendering, decoding); the kernels use -Dfacet.threads, and their bits depend on it"));
    }

    public Map<String, ConfigKey> keys() { return Collections.unmodifiableMap(keys); }

    String sectionBefore(String key) { return sectionBefore.get(key); }

    /** The closest known key to a misspelt one, or null (edit distance at most 2). */
    String nearest(String name) {
        String best = null;
        int bestD = 3;
        for (String k : keys.keySet()) {
            int d = distance(k, name);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1], prev[j]) + 1, prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    List<String> names() { return new ArrayList<>(keys.keySet()); }
}
