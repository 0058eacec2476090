package facet.train.cli;

import facet.kernels.Scope;
import facet.kernels.cpu.Parallel;
import facet.tensor.Device;
import facet.train.run.Config;
import facet.train.run.ConfigException;
import facet.train.run.ConfigSpec;
import facet.train.run.RunDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
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
    @Spec(Spec.Target.MIXEE) CommandSpec command;

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

    @Option(names = "--device", paramLabel = "DEV", description = "cpu (default), cuda or cuda:N")
    String device = "cpu";

    /** The device --device names, checked usable (see {@link Options#device}). */
    public Device device() { return Options.device(command, device); }

    /** The kernels' thread count for the run, as its config says. */
    public static Scope threads(Config c) { return Parallel.withThreads(c.i("threads")); }

    /** runs/<date-time>-<kind>: where a run goes without --out. */
    public static Path defaultFolder(String kind) {
        return Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + kind);
    }

    /** An ordered map of flag values (key, value, key, value...) for {@link #open}; null values are flags not given. */
    public static Map<String, Object> flags(Object... keyValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    /**
     * The resolved config and its run folder (runs/<date-time>-<kind> without --out). flags: the
     * command's own options that the user gave, by config key (null values are skipped).
     */
    public RunDir open(ConfigSpec spec, Map<String, Object> flags, PrintWriter console) {
        device();   // a bad or missing --device fails before the run folder exists
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
            c = c.with(f.getKey(), f.getValue(), "--" + f.getKey().replace('_', '-'));
        }
        c = c.with(set);
        return RunDir.create(out == null ? defaultFolder(spec.kind()) : out, c, overwrite, console);
    }
}
