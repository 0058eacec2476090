package facet.train.run;

import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The options every run command shares, as a picocli mixin ({@code @Mixin RunOptions run;}):
 * --config FILE, --set KEY=VALUE (repeatable), --out DIR, --resume DIR, --overwrite. The config
 * resolves as defaults, then the file, then the command's own flags, then --set, each checked.
 */
public final class RunOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "a config file (./facet config --print KIND writes one with every default)")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one config key (repeatable)")
    List<String> set = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "the run folder: config, log, metrics.csv, checkpoints, results")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue the run in DIR from its last checkpoint, with its own config")
    Path resume;

    @Option(names = "--overwrite", description = "replace the run already in --out")
    boolean overwrite;

    /**
     * The resolved config and its run folder (RunDir.none without --out or --resume). flags: the
     * command's own options that the user gave, by config key (null values are skipped).
     */
    public RunDir open(ConfigSpec spec, Map<String, Object> flags, PrintWriter console) {
        Map<String, Object> given = new LinkedHashMap<>();
        flags.forEach((k, v) -> { if (v != null) given.put(k, v); });
        if (resume != null) {
            if (config != null || !set.isEmpty() || !given.isEmpty() || out != null) {
                throw new ConfigException("--resume " + resume + " continues with the run's own config; drop --config, --set, --out and the "
                        + "other flags (given: " + String.join(", ", given.keySet()) + ")");
            }
            return RunDir.resume(resume, spec, console);
        }
        Config c = config == null ? Config.defaults(spec) : Config.read(spec, config);
        for (Map.Entry<String, Object> f : given.entrySet()) {
            c = c.with(f.getKey(), ConfigKey.format(f.getValue()), "--" + f.getKey().replace('_', '-'));
        }
        c = c.with(set);
        return out == null ? RunDir.none(c, console) : RunDir.create(out, c, overwrite, console);
    }
}
