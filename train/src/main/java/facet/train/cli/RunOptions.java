package facet.train.cli;

import facet.kernels.Scope;
import facet.kernels.cpu.Parallel;
import facet.tensor.Device;
import facet.train.experiment.Experiment;
import facet.train.run.Config;
import facet.train.run.ConfigSpec;
import facet.train.run.RunDir;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every experiment command (pretrain, finetune) shares: a config file, single-key
 * overrides, the run folder (new, resumed or replaced) and the device. Add it as a
 * {@code @Mixin} and call {@link #open}. Precedence: defaults, then --config, then the
 * command's own flags, then --set; a resumed run takes the config it was started with.
 */
public final class RunOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "a config file (./facet config --print KIND writes every default)")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "override one config key (repeatable)")
    List<String> set = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "the run folder (default runs/<date-time>-<kind>)")
    Path out;

    @Option(names = "--resume", paramLabel = "DIR", description = "continue the run in DIR from its last checkpoint")
    Path resume;

    @Option(names = "--overwrite", description = "replace a run folder that already holds a run")
    boolean overwrite;

    @Option(names = "--device", paramLabel = "DEV", description = "cpu (default), cuda or cuda:N")
    String device = "cpu";

    /** flags: config keys set by the command's own options (null values are left out). */
    public RunDir open(ConfigSpec spec, Map<String, String> flags, PrintWriter console) {
        Experiment.device(device);   // a bad --device fails before any work
        if (resume != null) {
            if (out != null || config != null || !set.isEmpty() || flags.values().stream().anyMatch(v -> v != null)) {
                throw new IllegalArgumentException("--resume " + resume + " continues a run with its own config; give no --out, --config, --set or config flags with it");
            }
            return RunDir.resume(resume, spec, console);
        }
        Config c = config == null ? Config.defaults(spec) : Config.read(spec, config);
        for (Map.Entry<String, String> f : flags.entrySet()) if (f.getValue() != null) c = c.with(f.getKey(), f.getValue(), "--" + f.getKey().replace('_', '-'));
        c = c.with(set);
        Path dir = out != null ? out : defaultFolder(spec.kind());
        return RunDir.create(dir, c, overwrite, console);
    }

    public Device device() { return Experiment.device(device); }

    /** The kernels' thread count for the run, as its config says. */
    public static Scope threads(Config c) { return Parallel.withThreads(c.i("threads")); }

    static Path defaultFolder(String kind) {
        return Path.of("runs", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + kind);
    }

    /** An ordered map of flag values for {@link #open}. */
    static Map<String, String> flags(Object... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1] == null ? null : keyValues[i + 1].toString());
        return m;
    }
}
