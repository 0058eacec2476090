package facet.bench;

import facet.kernels.plan.KernelPlans;

import java.io.File;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kernel plans timed side by side in one JVM. A plan is fixed per JVM (the kernels copy it into
 * static finals), so each plan gets this JVM's classes afresh in a class loader of its own,
 * loaded while -Dfacet.plan names it, and runs {@link PlanProbe}'s products there. The plans then
 * take turns: every product, every plan, a short slot each, the order of plans rotating each
 * round, after one round of warm-up; a plan's figure for a product is the median of its rounds.
 * Plans timed one after another in JVMs of their own moved by up to 40% on one product between
 * runs (each JVM's JIT and the machine's mood of that minute); taking turns in one JVM, one plan
 * against itself stays within about 2% (bench/RESULTS.md).
 */
final class PlanTrials {
    private PlanTrials() {}

    /** One plan's own copy of PlanProbe: the plan text it runs and its timing entry point. */
    record Trial(String spec, String text, List<String> products, Method gflops) {
        double gflops(int product, double seconds) {
            try {
                return (double) gflops.invoke(null, product, seconds);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        }
    }

    /** Loads this JVM's class path again, for the plan spec (a name, a text, or a name with overrides). */
    static Trial load(String spec) throws ReflectiveOperationException {
        ClassLoader loader = new URLClassLoader("plan " + spec, classPath(), ClassLoader.getPlatformClassLoader());
        String before = System.getProperty(KernelPlans.PROPERTY);
        try {
            System.setProperty(KernelPlans.PROPERTY, spec);   // read once, by the new loader's KernelPlans, during planText()
            Class<?> probe = Class.forName(PlanProbe.class.getName(), true, loader);
            String text = (String) open(probe.getDeclaredMethod("planText")).invoke(null);
            @SuppressWarnings("unchecked") List<String> names = (List<String>) open(probe.getDeclaredMethod("names")).invoke(null);
            return new Trial(spec, text, names, open(probe.getDeclaredMethod("gflops", int.class, double.class)));
        } catch (InvocationTargetException e) {   // planText's sentence: a bad spec, or a plan this CPU cannot run
            throw new IllegalArgumentException(e.getCause().getMessage(), e.getCause());
        } finally {
            if (before == null) System.clearProperty(KernelPlans.PROPERTY);
            else System.setProperty(KernelPlans.PROPERTY, before);
        }
    }

    /**
     * GFLOP/s per plan (in the order given, a repeated spec numbered "#2", ...) and product: the
     * median over rounds of slots of the given seconds, after one round of warm-up. Prints a dot
     * per round, as progress.
     */
    static Map<String, Map<String, Double>> race(List<Trial> trials, int rounds, double slotSeconds) {
        int plans = trials.size(), products = trials.getFirst().products().size();
        double[][][] g = new double[plans][products][rounds];
        for (int round = -1; round < rounds; round++) {
            for (int p = 0; p < products; p++) {
                for (int turn = 0; turn < plans; turn++) {
                    int t = (turn + Math.max(round, 0)) % plans;
                    double x = trials.get(t).gflops(p, slotSeconds);
                    if (round >= 0) g[t][p][round] = x;
                }
            }
            System.out.print(round < 0 ? "warm-up done; rounds: " : ".");
            System.out.flush();
        }
        System.out.println();
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (int t = 0; t < plans; t++) {
            Map<String, Double> byProduct = new LinkedHashMap<>();
            for (int p = 0; p < products; p++) byProduct.put(trials.get(t).products().get(p), Timing.median(g[t][p]));
            String name = trials.get(t).spec();
            for (int copy = 2; out.containsKey(name); copy++) name = trials.get(t).spec() + " #" + copy;   // a plan against itself
            out.put(name, byProduct);
        }
        return out;
    }

    /** A package-private method of the other loader's copy: another runtime package, so access is granted explicitly. */
    private static Method open(Method m) {
        m.setAccessible(true);
        return m;
    }

    /** This JVM's class path as URLs (a test's manifest-only jar brings its Class-Path along). */
    private static URL[] classPath() {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            try {
                if (!entry.isEmpty()) urls.add(Path.of(entry).toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalStateException("class path entry " + entry + " is not a file path", e);
            }
        }
        return urls.toArray(URL[]::new);
    }
}
