package facet.train.run;

import facet.kernels.plan.CpuIdentity;
import facet.kernels.plan.KernelPlan;
import facet.kernels.plan.KernelPlans;
import facet.nn.io.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kernel plan a run was made with. The same seed and thread count give the same bits only
 * under the same plan (facet.kernels.plan.KernelPlan), so run.json and every checkpoint record
 * its text, and a resumed run must run it too: {@link #adopt} sets it before the kernels start,
 * and {@link #check} refuses, in one sentence, a resume that would run another. A run made before
 * plans existed recorded none; it was made with {@link KernelPlan#AVX512}.
 */
public final class RunPlan {
    private RunPlan() {}

    /** The key in run.json and, prefixed "facet.", in a checkpoint's metadata. */
    static final String KEY = "plan", CHECKPOINT_KEY = "facet.plan";

    /** The text recorded for a run that predates plans. */
    static final String BEFORE_PLANS = KernelPlan.AVX512.text();

    /** The running plan's text, to record. */
    static String running() { return KernelPlans.current().text(); }

    /**
     * The plan recorded in dir's run.json, or, for a folder of stages (a demo), in its first
     * started stage's; {@link #BEFORE_PLANS} when run.json has none; null when dir holds no run.
     */
    static String recorded(Path dir) {
        Path run = dir.resolve(RunDir.RUN);
        if (!Files.exists(run)) {
            try (Stream<Path> s = Files.list(dir)) {
                List<Path> stages = s.filter(p -> Files.exists(p.resolve(RunDir.RUN))).sorted().toList();
                return stages.isEmpty() ? null : recorded(stages.getFirst());
            } catch (IOException e) {
                return null;   // no folder to read: the command itself will say so
            }
        }
        try {
            Object plan = Json.object(Files.readString(run)).get(KEY);
            return plan == null ? BEFORE_PLANS : plan.toString();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + run, e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(run + " is damaged (" + e.getMessage() + ")");
        }
    }

    /**
     * Before anything touches a kernel: when args resume a run (--resume DIR) and set no plan
     * themselves (-Dfacet.plan), sets -Dfacet.plan to the run's recorded one, if this CPU can run
     * it. Otherwise {@link #check} refuses the resume later, naming both plans.
     */
    public static void adopt(String[] args) {
        if (System.getProperty(KernelPlans.PROPERTY) != null) return;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--resume") && i + 1 < args.length) dir = Path.of(args[i + 1]);
            else if (args[i].startsWith("--resume=")) dir = Path.of(args[i].substring("--resume=".length()));
        }
        if (dir == null || !Files.isDirectory(dir)) return;
        String text = recorded(dir);
        if (text == null) return;
        try {   // CpuIdentity, not KernelPlans.cpu(): touching KernelPlans would choose the plan before the property is set
            if (KernelPlan.parse(text).unfitFor(CpuIdentity.detect().vectorBits()) == null) System.setProperty(KernelPlans.PROPERTY, text);
        } catch (IllegalArgumentException e) {
            // a recorded plan this version cannot read: check names it
        }
    }

    /** Refuses to go on when what (run.json or a checkpoint, for the run in dir) recorded another plan than the running one. */
    static void check(String recordedText, String what, Path dir) {
        KernelPlan then, now = KernelPlans.current();
        try {
            then = KernelPlan.parse(recordedText);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("cannot resume " + dir + ": its " + what + " names kernel plan " + recordedText
                    + ", which this version cannot read (" + e.getMessage() + ")");
        }
        if (then.equals(now)) return;
        String unfit = then.unfitFor(KernelPlans.cpu().vectorBits());
        throw new ConfigException("cannot resume " + dir + ": its " + what + " was made with kernel plan " + then
                + (unfit == null ? "" : ", which this CPU cannot run (" + unfit + ")") + ", but this JVM runs " + now
                + ", which would change its results; rerun with -Dfacet.plan=" + then.text()
                + " (through the launcher: FACET_JAVA_OPTS=-Dfacet.plan=" + then.text() + " ./facet ...)");
    }
}
