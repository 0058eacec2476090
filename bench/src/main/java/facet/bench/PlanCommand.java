package facet.bench;

import facet.kernels.plan.CpuIdentity;
import facet.kernels.plan.KernelPlan;
import facet.kernels.plan.KernelPlans;
import facet.kernels.plan.PlanCache;
import facet.nn.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The kernel plan this JVM runs and where it came from (-Dfacet.plan, the cache, or the CPU's
 * default). With --tune: each named plan this CPU can run is timed on {@link PlanProbe}'s products,
 * the plans taking turns in this JVM, each in a class loader of its own ({@link PlanTrials}); a
 * table of GFLOP/s is printed, and the winner by geometric mean goes to this CPU's cache file,
 * written atomically. --compare times the plans it is given the same way and caches nothing.
 * About 50 s for four plans on 2 cores.
 */
@Command(name = "plan", description = "The kernel plan in use and why; --tune times every named plan and caches the fastest for this CPU.")
final class PlanCommand implements Callable<Integer> {
    @Option(names = "--tune", description = "time each named plan this CPU can run, taking turns in this JVM, and write the winner to the plan cache")
    boolean tune;

    @Option(names = "--compare", split = ";", paramLabel = "PLAN",
            description = "time these plans side by side and cache nothing: names, texts or a name with overrides, separated by ';' (e.g. \"avx512-deep;avx512-deep,mc=512\")")
    List<String> compare;

    @Option(names = "--rounds", description = "timed rounds, each a slot of 0.1 s per plan and product (default ${DEFAULT-VALUE})")
    int rounds = 15;

    @Spec CommandSpec spec;

    /** Seconds of one plan on one product in a round: several runs of the biggest product (2048^3, ~50 ms on 2 cores). */
    static final double SLOT = 0.1;

    /** The default stays unless another plan is this much faster: run-to-run noise on a shared machine is a few percent. */
    static final double MARGIN = 1.03;

    @Override public Integer call() throws IOException, ReflectiveOperationException {
        CpuIdentity cpu = KernelPlans.cpu();
        KernelPlans.Choice choice = KernelPlans.choice();
        Path cache = PlanCache.file(cpu);
        row("cpu", cpu.describe());
        row("plan", choice.plan().name() + ", from " + choice.source());
        row("", choice.plan().text());
        row("cache", cache + (Files.exists(cache) ? "" : " (none yet)"));
        if (rounds < 1) throw new CommandLine.ParameterException(spec.commandLine(), "--rounds must be at least 1, not " + rounds);
        if (compare != null && !compare.isEmpty()) {
            List<PlanTrials.Trial> trials;
            try {
                trials = load(compare);
            } catch (IllegalArgumentException e) {   // a spec that does not parse, or a plan this CPU cannot run
                throw new CommandLine.ParameterException(spec.commandLine(), "--compare: " + e.getMessage());
            }
            table(PlanTrials.race(trials, rounds, SLOT));
            return 0;
        }
        if (!tune) return 0;

        List<String> fit = new ArrayList<>();
        for (Map.Entry<String, KernelPlan> e : KernelPlan.NAMED.entrySet()) {
            String unfit = e.getValue().unfitFor(cpu.vectorBits());
            if (unfit == null) fit.add(e.getKey());
            else System.out.println("skipping " + e.getKey() + ": " + unfit);
        }
        Map<String, Double> means = table(PlanTrials.race(load(fit), rounds, SLOT));

        String best = best(means), winner = winner(means, KernelPlans.defaultFor(cpu).name());
        List<String> comments = new ArrayList<>(List.of("kernel plan for " + cpu.describe(),
                "measured " + Instant.now() + " by ./facet bench plan --tune, " + Runtime.getRuntime().availableProcessors()
                        + " threads, plans taking turns, median of " + rounds + " rounds, geometric mean GFLOP/s:"));
        means.forEach((name, g) -> comments.add(String.format("  %s %.1f", name, g)));
        comments.add(winner + (winner.equals(best) ? " was fastest" : " is this CPU's default, and " + best + " was not " + MARGIN + "x faster"));
        AtomicFiles.writeString(cache, PlanCache.format(KernelPlan.NAMED.get(winner), comments));
        System.out.println("winner: " + winner + " (" + comments.getLast() + "); wrote " + cache);
        return 0;
    }

    /** Each plan's classes in a loader of its own, with what it runs. */
    private static List<PlanTrials.Trial> load(List<String> specs) throws ReflectiveOperationException {
        List<PlanTrials.Trial> trials = new ArrayList<>();
        for (String spec : specs) {
            PlanTrials.Trial t = PlanTrials.load(spec.strip());
            System.out.println("loaded " + t.spec() + ": " + t.text());
            trials.add(t);
        }
        return trials;
    }

    private static String best(Map<String, Double> means) {
        return means.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** The fastest plan by geometric mean, unless it beats the CPU's default (when measured) by less than MARGIN. */
    static String winner(Map<String, Double> means, String fallback) {
        String best = best(means);
        return means.containsKey(fallback) && means.get(best) < MARGIN * means.get(fallback) ? fallback : best;
    }

    /** Prints GFLOP/s, a product a row and a plan a column, and the geometric means; returns those. */
    private static Map<String, Double> table(Map<String, Map<String, Double>> gflops) {
        List<String> plans = List.copyOf(gflops.keySet());
        int w = Math.max(13, plans.stream().mapToInt(String::length).max().orElse(0));
        System.out.printf("%n%-26s", "GFLOP/s (median)");
        for (String p : plans) System.out.printf(" %" + w + "s", p);
        System.out.println();
        for (String product : gflops.get(plans.getFirst()).keySet()) {
            System.out.printf("%-26s", product);
            for (String p : plans) System.out.printf(" %" + w + ".1f", gflops.get(p).get(product));
            System.out.println();
        }
        Map<String, Double> means = new LinkedHashMap<>();
        System.out.printf("%-26s", "geometric mean");
        for (String p : plans) {
            double logSum = gflops.get(p).values().stream().mapToDouble(Math::log).sum();
            means.put(p, Math.exp(logSum / gflops.get(p).size()));
            System.out.printf(" %" + w + ".1f", means.get(p));
        }
        System.out.println();
        return means;
    }

    private static void row(String k, String v) { System.out.printf("%-6s %s%n", k, v); }
}
