package facet.train.run;

import facet.kernels.plan.KernelPlans;
import facet.nn.io.AtomicFiles;
import facet.nn.io.JsonWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A run's own folder: run.json (kind, seed, code version, start time, kernel plan), config.conf (the resolved
 * config, every key), log.txt (everything the run prints), metrics.csv, eval.csv and checkpoints.
 * A new run refuses a folder that already holds a run unless overwrite, and then removes the old
 * content whole first; resume reopens a run folder with its own config. {@link #none} writes
 * nothing (a run without a folder, e.g. a quick calibration).
 */
public final class RunDir implements AutoCloseable {
    static final String RUN = "run.json", CONFIG = "config.conf", LOG = "log.txt";

    private final Path dir;
    private final Config config;
    private final PrintWriter log;
    private final boolean resumed;

    private RunDir(Path dir, Config config, PrintWriter log, boolean resumed) {
        this.dir = dir;
        this.config = config;
        this.log = log;
        this.resumed = resumed;
    }

    /** A run that writes no files; its log goes to console only. */
    public static RunDir none(Config config, PrintWriter console) { return new RunDir(null, config, console, false); }

    /**
     * A new run in dir: refuses a folder holding a run (unless overwrite) or other files (always:
     * they may not be ours to delete), then writes run.json and config.conf.
     */
    public static RunDir create(Path dir, Config config, boolean overwrite, PrintWriter console) {
        try {
            if (Files.isDirectory(dir) && !isEmpty(dir)) {
                if (!Files.exists(dir.resolve(RUN))) {
                    throw new ConfigException("run folder " + dir + " holds files but no " + RUN + "; choose an empty or new folder");
                }
                if (!overwrite) {
                    throw new ConfigException("run folder " + dir + " already holds a run; pass --resume " + dir + " to continue it or --overwrite to replace it");
                }
                deleteContents(dir);
            }
            Files.createDirectories(dir);
            Map<String, Object> run = Map.of("kind", config.spec().kind(), "seed", config.l("seed"), "code_version", codeVersion(),
                    "started", Instant.now().toString(), RunPlan.KEY, RunPlan.running());
            AtomicFiles.writeString(dir.resolve(RUN), JsonWriter.write(new TreeMap<>(run)) + "\n");
            AtomicFiles.writeString(dir.resolve(CONFIG), config.text());
            return new RunDir(dir, config, tee(dir, console), false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the run folder " + dir, e);
        }
    }

    /** Reopens a run folder of the given kind with the config and kernel plan it was started with (see {@link RunPlan}). */
    public static RunDir resume(Path dir, ConfigSpec spec, PrintWriter console) {
        if (!Files.exists(dir.resolve(RUN)) || !Files.exists(dir.resolve(CONFIG))) {
            throw new ConfigException("--resume " + dir + ": not a run folder (no " + RUN + " or " + CONFIG + ")");
        }
        RunPlan.check(RunPlan.recorded(dir), RUN, dir);
        Config c = Config.read(spec, dir.resolve(CONFIG));
        try {
            RunDir r = new RunDir(dir, c, tee(dir, console), true);
            r.log.println("resumed " + Instant.now() + " (code version " + codeVersion() + ", kernel plan " + KernelPlans.current().name() + ")");
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reopen the run folder " + dir, e);
        }
    }

    public Path dir() { return dir; }

    public Config config() { return config; }

    public PrintWriter log() { return log; }

    public boolean resumed() { return resumed; }

    /** A file in the folder, or null for a run without one. */
    public Path file(String name) { return dir == null ? null : dir.resolve(name); }

    /** Writes a whole file atomically (results.json, report.md...); nothing for a run without a folder. */
    public void write(String name, String text) {
        if (dir == null) return;
        try {
            AtomicFiles.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(name), e);
        }
    }

    @Override public void close() { log.flush(); }

    /** The git commit of the working directory's checkout, "-dirty" when it has changes, else "unknown". */
    static String codeVersion() {
        String head = git("rev-parse", "HEAD");
        if (head == null || head.isEmpty()) return "unknown";
        String status = git("status", "--porcelain", "--untracked-files=no");
        return status == null || status.isEmpty() ? head : head + "-dirty";
    }

    private static String git(String... args) {
        try {
            Process p = new ProcessBuilder(Stream.concat(Stream.of("git"), Stream.of(args)).toList()).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0) return null;
            return out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static void deleteContents(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) if (!p.equals(dir)) Files.delete(p);
        }
    }

    /** Console and log.txt (appended: a resumed run's log continues the killed one's). */
    private static PrintWriter tee(Path dir, PrintWriter console) throws IOException {
        OutputStream file = Files.newOutputStream(dir.resolve(LOG), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return new PrintWriter(new Writer() {
            private final Writer f = new OutputStreamWriter(file, StandardCharsets.UTF_8);

            @Override public void write(char[] c, int off, int len) throws IOException {
                console.write(c, off, len);
                f.write(c, off, len);
            }

            @Override public void flush() throws IOException {
                console.flush();
                f.flush();
            }

            @Override public void close() throws IOException {
                flush();
                f.close();
            }
        });
    }
}
