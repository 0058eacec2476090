package facet.kernels.plan;

import java.nio.file.Path;

/**
 * The kernel plan of this JVM, chosen once, the first time any kernel class initialises:
 * <ol>
 *   <li>the system property {@code facet.plan}: a name, a name with overrides or a text form
 *       (see {@link KernelPlan#parse}); a bad one fails in one sentence;</li>
 *   <li>else the plan ./facet bench plan --tune measured for this CPU ({@link PlanCache}),
 *       unless {@code -Dfacet.plan.cache=false};</li>
 *   <li>else {@link #defaultFor} this CPU's identity.</li>
 * </ol>
 * A command that must pick the plan itself (a resumed run takes its recorded one) sets the
 * property before anything touches a kernel.
 */
public final class KernelPlans {
    private KernelPlans() {}

    public static final String PROPERTY = "facet.plan", CACHE_PROPERTY = "facet.plan.cache";

    /** The plan and where it came from, in words: "-Dfacet.plan", "the cache FILE" or "the default for this CPU". */
    public record Choice(KernelPlan plan, String source) {}

    private static final CpuIdentity CPU = CpuIdentity.detect();

    /** A holder, so that a failed choice fails its first use (which {@link #problem} catches), not KernelPlans itself. */
    private static final class Chosen {
        static final Choice CHOICE = choose(System.getProperty(PROPERTY),
                Boolean.parseBoolean(System.getProperty(CACHE_PROPERTY, "true")) ? PlanCache.file(CPU) : null, CPU);
    }

    public static KernelPlan current() { return Chosen.CHOICE.plan(); }

    /**
     * Chooses the plan now, for a main method to call first: null when that works, else the one
     * sentence saying why not (a bad -Dfacet.plan or cache file), to print instead of a stack trace.
     */
    public static String problem() {
        try {
            current();
            return null;
        } catch (ExceptionInInitializerError e) {
            return e.getCause().getMessage();
        }
    }

    public static Choice choice() { return Chosen.CHOICE; }

    public static CpuIdentity cpu() { return CPU; }

    /** The choice for a property value (null: none) and a cache file (null: bypassed) on a CPU. */
    static Choice choose(String property, Path cache, CpuIdentity cpu) {
        if (property != null) {
            KernelPlan p;
            try {
                p = KernelPlan.parse(property);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("-D" + PROPERTY + "=" + property + ": " + e.getMessage());
            }
            String unfit = p.unfitFor(cpu.vectorBits());
            if (unfit != null) throw new IllegalArgumentException("-D" + PROPERTY + "=" + property + ": " + unfit);
            return new Choice(p, "-D" + PROPERTY);
        }
        KernelPlan cached = cache == null ? null : PlanCache.read(cache);
        if (cached != null) {
            String unfit = cached.unfitFor(cpu.vectorBits());
            if (unfit != null) throw new IllegalArgumentException("the kernel plan cache " + cache + " does not fit this CPU (" + unfit + "); delete it or rerun ./facet bench plan --tune");
            return new Choice(cached, "the cache " + cache);
        }
        return new Choice(defaultFor(cpu), "the default for this CPU");
    }

    /**
     * The plan for a CPU nobody measured, by its vector width: AVX512_DEEP (measured on Zen 5)
     * wherever 512-bit vectors run, AVX2 on 256-bit ones, AVX2's shape at the CPU's width below that. Other
     * choices (avx512-kc128 for a 32 KiB L1D, say) are left to ./facet bench plan --tune: unmeasured,
     * they could be slower than today's plan (avx512-kc128 is 6 to 23% slower on Zen 5).
     */
    public static KernelPlan defaultFor(CpuIdentity cpu) {
        if (cpu.vectorBits() >= 512) return KernelPlan.AVX512_DEEP;
        if (cpu.vectorBits() == 256) return KernelPlan.AVX2;
        return KernelPlan.AVX2.with("bits=" + cpu.vectorBits());
    }
}
