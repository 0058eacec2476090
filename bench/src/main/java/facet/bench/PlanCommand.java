package facet.bench;

import facet.kernels.plan.CpuIdentity;
import facet.kernels.plan.KernelPlan;
import facet.kernels.plan.KernelPlans;
import facet.kernels.plan.PlanCache;
import facet.nn.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
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
 * default). With --tune: each named plan this CPU can run is timed on {@link PlanProbe}'s products
 * in a JVM of its own started with -Dfacet.plan=NAME (a plan is fixed per JVM, so what runs is
 * what is measured), a table of GFLOP/s is printed, and the winner by geometric mean goes to this
 * CPU's cache file, written atomically. About 7 s per plan on 2 cores, plus this JVM's start.
 */
@Command(name = "plan", description = "The kernel plan in use and why; --tune times every named plan and caches the fastest for this CPU.")
final class PlanCommand implements Callable<Integer> {
    @Option(names = "--tune", description = "time each named plan in its own JVM and write the winner to the plan cache")
    boolean tune;

    /** The default stays unless another plan is this much faster: run-to-run noise on a shared machine is a few percent. */
    static final double MARGIN = 1.03;

    @Override public Integer call() throws IOException, InterruptedException {
        CpuIdentity cpu = KernelPlans.cpu();
        KernelPlans.Choice choice = KernelPlans.choice();
        Path cache = PlanCache.file(cpu);
        row("cpu", cpu.describe());
        row("plan", choice.plan().name() + ", from " + choice.source());
        row("", choice.plan().text());
        row("cache", cache + (Files.exists(cache) ? "" : " (none yet)"));
        if (!tune) return 0;

        Map<String, Map<String, Double>> gflops = new LinkedHashMap<>();   // plan -> product -> GFLOP/s
        for (Map.Entry<String, KernelPlan> e : KernelPlan.NAMED.entrySet()) {
            String unfit = e.getValue().unfitFor(cpu.vectorBits());
            if (unfit != null) {
                System.out.println("skipping " + e.getKey() + ": " + unfit);
                continue;
            }
            long t0 = System.nanoTime();
            Map<String, Double> measured = measure(e.getKey(), e.getValue());
            if (measured != null) gflops.put(e.getKey(), measured);
            System.out.printf("timed %s in its own JVM: %.1f s%n", e.getKey(), (System.nanoTime() - t0) / 1e9);
        }
        if (gflops.isEmpty()) return 1;
        Map<String, Double> means = table(gflops);

        String best = best(means), winner = winner(means, KernelPlans.defaultFor(cpu).name());
        List<String> comments = new ArrayList<>(List.of("kernel plan for " + cpu.describe(),
                "measured " + Instant.now() + " by ./facet bench plan --tune, " + Runtime.getRuntime().availableProcessors() + " threads, geometric mean GFLOP/s:"));
        means.forEach((name, g) -> comments.add(String.format("  %s %.1f", name, g)));
        comments.add(winner + (winner.equals(best) ? " was fastest" : " is this CPU's default, and " + best + " was not " + MARGIN + "x faster"));
        AtomicFiles.writeString(cache, PlanCache.format(KernelPlan.NAMED.get(winner), comments));
        System.out.println("winner: " + winner + " (" + comments.getLast() + "); wrote " + cache);
        return 0;
    }

    private static String best(Map<String, Double> means) {
        return means.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }

    /** The fastest plan by geometric mean, unless it beats the CPU's default (when measured) by less than MARGIN. */
    static String winner(Map<String, Double> means, String fallback) {
        String best = best(means);
        return means.containsKey(fallback) && means.get(best) < MARGIN * means.get(fallback) ? fallback : best;
    }

    /** GFLOP/s per product under one plan, from a child JVM; null (with its output printed) when the child fails. */
    private static Map<String, Double> measure(String name, KernelPlan plan) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            // this JVM's flags (huge pages, GC, heap), but no second heap pre-touch (seconds per child) and no plan of its own
            if (!a.equals("-XX:+AlwaysPreTouch") && !a.startsWith("-D" + KernelPlans.PROPERTY)) cmd.add(a);
        }
        cmd.addAll(List.of("--add-modules", "jdk.incubator.vector", "-D" + KernelPlans.PROPERTY + "=" + name,
                "-cp", System.getProperty("java.class.path"), PlanProbe.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
        if (p.waitFor() != 0 || out.isEmpty() || !out.getFirst().equals(plan.text())) {
            System.out.println(name + ": the child JVM failed (exit " + p.exitValue() + ") or ran another plan:\n  " + String.join("\n  ", out));
            return null;
        }
        Map<String, Double> g = new LinkedHashMap<>();
        for (String line : out.subList(1, out.size())) {
            String[] f = line.split("\t");
            g.put(f[0], Double.parseDouble(f[1]));
        }
        return g;
    }

    /** Prints GFLOP/s, a product a row and a plan a column, and the geometric means; returns those. */
    private static Map<String, Double> table(Map<String, Map<String, Double>> gflops) {
        List<String> plans = List.copyOf(gflops.keySet());
        System.out.printf("%n%-26s", "GFLOP/s");
        for (String p : plans) System.out.printf(" %13s", p);
        System.out.println();
        for (String product : gflops.get(plans.getFirst()).keySet()) {
            System.out.printf("%-26s", product);
            for (String p : plans) System.out.printf(" %13.1f", gflops.get(p).get(product));
            System.out.println();
        }
        Map<String, Double> means = new LinkedHashMap<>();
        System.out.printf("%-26s", "geometric mean");
        for (String p : plans) {
            double logSum = gflops.get(p).values().stream().mapToDouble(Math::log).sum();
            means.put(p, Math.exp(logSum / gflops.get(p).size()));
            System.out.printf(" %13.1f", means.get(p));
        }
        System.out.println();
        return means;
    }

    private static void row(String k, String v) { System.out.printf("%-6s %s%n", k, v); }
}
