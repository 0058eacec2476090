package facet.kernels.plan;

import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * Every tuning choice of the CPU kernels: the vector width, the GEMM micro-kernel's rows (its
 * columns are always 2 vectors), the GEMM blocking, the convolution paths' thresholds and the
 * attention query block. One plan holds for a whole JVM ({@link KernelPlans} picks it before any
 * kernel class initialises): the Vector API only compiles a constant species well, so the kernels
 * copy these values into static finals.
 *
 * <p>The text form is one line of key=value pairs in a fixed order, e.g. {@code bits=512,mr=8,kc=256,...};
 * {@link #parse} reads it back, and also a name ({@code avx2}) or a name with overrides
 * ({@code avx512,kc=128}). Two plans are the same when their values are; the name is derived.
 * A training run's bits depend on the plan: run.json and checkpoints record its text.
 */
public record KernelPlan(int bits, int mr, Blocking gemm, ConvThresholds conv, int attentionRows) {
    /**
     * BLIS-style GEMM blocking (see facet.kernels.cpu.Gemm): kc x nc of B and mc x kc of A per
     * packed block; a product at most kcOne deep runs as one slab, all of k at once; below
     * inPlaceAMaxN columns a row-major A is read in place; below small multiply-adds nothing is
     * packed; below parallelFlops one thread runs it.
     */
    public record Blocking(int kc, int kcOne, int mc, int nc, int inPlaceAMaxN, long small, long parallelFlops) {}

    /**
     * Which convolution path runs (see facet.kernels.cpu.Conv2d): one GEMM over the batch up to
     * batchedMaxPixels output pixels; the direct path when at most 1/directWaste (forward) or
     * 1/directWeightsWaste (weight gradient) of its padded grid is wasted; Winograd from
     * winogradMinChannels channels and winogradMinWidth output columns (winogradWeightsMinWidth for
     * its weight gradient), in chunks of about winogradChunkFloats floats and at least
     * winogradMinChunkTiles tiles.
     */
    public record ConvThresholds(int batchedMaxPixels, int directWaste, int directWeightsWaste, int winogradMinChannels,
                                 int winogradMinWidth, int winogradWeightsMinWidth, int winogradChunkFloats, int winogradMinChunkTiles) {}

    /** A key of the text form: its name and where its value lives. */
    private record Key(String name, ToLongFunction<KernelPlan> value) {}

    private static final List<Key> KEYS = List.of(
            new Key("bits", KernelPlan::bits), new Key("mr", KernelPlan::mr),
            new Key("kc", p -> p.gemm.kc), new Key("kc_one", p -> p.gemm.kcOne), new Key("mc", p -> p.gemm.mc), new Key("nc", p -> p.gemm.nc),
            new Key("in_place_a", p -> p.gemm.inPlaceAMaxN), new Key("small", p -> p.gemm.small),
            new Key("parallel_flops", p -> p.gemm.parallelFlops),
            new Key("batched_pixels", p -> p.conv.batchedMaxPixels), new Key("direct_waste", p -> p.conv.directWaste),
            new Key("direct_dw_waste", p -> p.conv.directWeightsWaste), new Key("wino_channels", p -> p.conv.winogradMinChannels),
            new Key("wino_width", p -> p.conv.winogradMinWidth), new Key("wino_dw_width", p -> p.conv.winogradWeightsMinWidth),
            new Key("wino_chunk", p -> p.conv.winogradChunkFloats), new Key("wino_tiles", p -> p.conv.winogradMinChunkTiles),
            new Key("attention_rows", KernelPlan::attentionRows));

    /**
     * The tuning measured on an AMD EPYC Zen 5 (512-bit vectors, 48 KiB L1D, 1 MiB L2): 8 rows x 2
     * vectors keep 16 accumulators in 19 of the 32 zmm registers; a kc x NR strip of B is 32 KiB
     * (L1), kc x nc 2 MiB (L2). The measurements behind each value are beside its use in facet.kernels.cpu.
     */
    public static final KernelPlan AVX512 = new KernelPlan(512, 8, new Blocking(256, 256, 256, 2048, 1024, 16 * 1024, 1L << 20),
            new ConvThresholds(256, 4, 8, 64, 8, 16, 3 << 18, 128), 128);

    /**
     * AVX512 with products up to 1024 deep in one slab (kc_one): B's strip, up to 128 KiB, then
     * streams from L2 instead of sitting in L1, and no partial sums go to memory and back between
     * slabs. The default on 512-bit vectors since it was measured faster on Zen 5 (2 threads:
     * 1024^3 and 2048 x 768 x 768 5-15% faster, 2048^3 the same; bench/RESULTS.md). Its bits differ
     * from AVX512's for products 257 to 1024 deep (one chain of sums instead of one per slab).
     */
    public static final KernelPlan AVX512_DEEP = AVX512.with("kc_one=1024");

    /**
     * AVX512 blocked for a 32 KiB L1D (Zen 4, many Intel servers), a candidate for --tune: a B
     * strip of 16 KiB leaves room for A's sliver; mc doubled keeps the A block at 256 KiB. On Zen 5
     * (48 KiB) it lost: 294 and 296 against 382 and 314 GFLOP/s, geometric means of two runs of
     * ./facet bench plan --tune.
     */
    public static final KernelPlan AVX512_KC128 = AVX512.with("kc=128,kc_one=128,mc=512");

    /**
     * 256-bit vectors with 4 rows x 2 vectors: 8 accumulators fit AVX2's 16 ymm registers however
     * C2 schedules the broadcasts (6 rows, 12 accumulators, spilled two of them to the stack and
     * ran at half speed: see facet.kernels.cpu.GemmKernel4x2); mc a multiple of 4.
     */
    public static final KernelPlan AVX2 = AVX512.with("bits=256,mr=4,mc=256");

    /** The named plans, the first the one every result before per-CPU plans was made with. */
    public static final Map<String, KernelPlan> NAMED = named();

    private static Map<String, KernelPlan> named() {
        Map<String, KernelPlan> m = new LinkedHashMap<>();
        m.put("avx512", AVX512);
        m.put("avx512-deep", AVX512_DEEP);
        m.put("avx512-kc128", AVX512_KC128);
        m.put("avx2", AVX2);
        return Collections.unmodifiableMap(m);
    }

    /** The checks that involve two keys or a fixed set; build checks that every value is positive. */
    public KernelPlan {
        if (bits != 128 && bits != 256 && bits != 512) throw new IllegalArgumentException("bits=" + bits + ": the vector width must be 128, 256 or 512");
        if (mr != 4 && mr != 8) throw new IllegalArgumentException("mr=" + mr + ": the GEMM micro-kernels have 4 or 8 rows");
        long nr = 2L * bits / 32;
        if (gemm.mc % mr != 0) throw new IllegalArgumentException("mc=" + gemm.mc + " is not a multiple of mr=" + mr + ": every block would end in a partial sliver");
        if (gemm.kcOne < gemm.kc) throw new IllegalArgumentException("kc_one=" + gemm.kcOne + " is below kc=" + gemm.kc + ": a product up to kc deep is one slab already");
        if (gemm.nc % nr != 0) throw new IllegalArgumentException("nc=" + gemm.nc + " is not a multiple of the " + nr + "-float micro-tile width");
    }

    /** The name of the named plan with these values, or "custom". */
    public String name() {
        for (Map.Entry<String, KernelPlan> e : NAMED.entrySet()) if (e.getValue().equals(this)) return e.getKey();
        return "custom";
    }

    /** The canonical one-line text form: every key, in a fixed order. */
    public String text() {
        StringBuilder s = new StringBuilder();
        for (Key k : KEYS) s.append(s.isEmpty() ? "" : ",").append(k.name).append('=').append(k.value.applyAsLong(this));
        return s.toString();
    }

    @Override public String toString() { return name() + " (" + text() + ")"; }

    /** The float species of this width: the kernels keep it in a static final. */
    public VectorSpecies<Float> species() { return VectorSpecies.of(float.class, VectorShape.forBitSize(bits)); }

    /** Why this plan cannot run on a CPU whose widest vectors have cpuBits, or null when it can. */
    public String unfitFor(int cpuBits) {
        return bits > cpuBits ? "bits=" + bits + " is wider than this CPU's " + cpuBits + "-bit vectors" : null;
    }

    /** This plan with some values replaced: overrides is key=value,... */
    public KernelPlan with(String overrides) { return build(values(), overrides.split(","), 0); }

    /**
     * A plan from its text form, a name, or a name followed by overrides (avx512,kc=128); every
     * key once. Throws IllegalArgumentException with one sentence naming the bad key or value.
     */
    public static KernelPlan parse(String text) {
        String[] items = text.strip().split(",");
        String first = items[0].strip();
        if (first.contains("=")) return build(Map.of(), items, 0);
        KernelPlan base = NAMED.get(first);
        if (base == null) throw new IllegalArgumentException("no plan is named '" + first + "' (named plans: " + String.join(", ", NAMED.keySet()) + ")");
        return items.length == 1 ? base : build(base.values(), items, 1);
    }

    private Map<String, Long> values() {
        Map<String, Long> v = new LinkedHashMap<>();
        for (Key k : KEYS) v.put(k.name, k.value.applyAsLong(this));
        return v;
    }

    /** values (a full set, or empty) with items[from..] applied, as a plan; every key must end up set. */
    private static KernelPlan build(Map<String, Long> values, String[] items, int from) {
        Map<String, Long> v = new LinkedHashMap<>(values);
        Set<String> given = new HashSet<>();
        for (int i = from; i < items.length; i++) {
            String item = items[i].strip();
            int eq = item.indexOf('=');
            String key = eq < 0 ? item : item.substring(0, eq).strip();
            if (KEYS.stream().noneMatch(k -> k.name.equals(key))) {
                throw new IllegalArgumentException("unknown key '" + key + "' (keys: " + String.join(", ", KEYS.stream().map(Key::name).toList()) + ")");
            }
            if (eq < 0) throw new IllegalArgumentException("key '" + key + "' has no value (write " + key + "=N)");
            if (!given.add(key)) throw new IllegalArgumentException("key '" + key + "' is given twice");
            String value = item.substring(eq + 1).strip();
            try {
                long n = Long.parseLong(value);
                if (n <= 0) throw new IllegalArgumentException(key + "=" + value + " must be positive");
                v.put(key, n);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + "=" + value + " is not a whole number");
            }
        }
        // a plan written before kc_one existed ran every product deeper than kc in slabs of kc
        if (!v.containsKey("kc_one") && v.containsKey("kc")) v.put("kc_one", v.get("kc"));
        for (Key k : KEYS) if (!v.containsKey(k.name)) throw new IllegalArgumentException("key '" + k.name + "' is missing (or start from a named plan: avx512," + k.name + "=...)");
        return new KernelPlan(i(v, "bits"), i(v, "mr"),
                new Blocking(i(v, "kc"), i(v, "kc_one"), i(v, "mc"), i(v, "nc"), i(v, "in_place_a"), v.get("small"), v.get("parallel_flops")),
                new ConvThresholds(i(v, "batched_pixels"), i(v, "direct_waste"), i(v, "direct_dw_waste"), i(v, "wino_channels"),
                        i(v, "wino_width"), i(v, "wino_dw_width"), i(v, "wino_chunk"), i(v, "wino_tiles")),
                i(v, "attention_rows"));
    }

    private static int i(Map<String, Long> v, String key) {
        long n = v.get(key);
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException(key + "=" + n + " is too large");
        return (int) n;
    }
}
