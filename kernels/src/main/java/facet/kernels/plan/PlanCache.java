package facet.kernels.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The measured plan of each CPU, one small text file per {@link CpuIdentity#key()} under
 * $XDG_CACHE_HOME/facet (else ~/.cache/facet): comment lines (#) saying what was measured, then
 * the plan's text form. ./facet bench plan --tune writes it (atomically); {@link KernelPlans}
 * reads it unless -Dfacet.plan.cache=false, which the test suite sets.
 */
public final class PlanCache {
    private PlanCache() {}

    /** $XDG_CACHE_HOME/facet, else ~/.cache/facet. */
    public static Path dir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache")).resolve("facet");
    }

    public static Path file(CpuIdentity cpu) { return dir().resolve("plan-" + cpu.key() + ".txt"); }

    /** The plan a cache file holds, or null when the file does not exist; a damaged file fails in one sentence naming it. */
    public static KernelPlan read(Path file) {
        if (!Files.exists(file)) return null;
        try {
            List<String> lines = Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            if (lines.size() != 1) throw new IllegalArgumentException("it should hold one plan line, not " + lines.size());
            return KernelPlan.parse(lines.getFirst());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the kernel plan cache " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the kernel plan cache " + file + " is damaged (" + e.getMessage() + "); delete it or rerun ./facet bench plan --tune");
        }
    }

    /** A cache file's text: each comment as a # line, then the plan's text form. */
    public static String format(KernelPlan plan, List<String> comments) {
        StringBuilder s = new StringBuilder();
        for (String c : comments) s.append("# ").append(c).append('\n');
        return s.append(plan.text()).append('\n').toString();
    }
}
