package facet.kernels.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The plan's text form, its errors, and the choice: property, then cache, then the CPU's default. */
class KernelPlanTest {
    @TempDir Path tmp;

    private static final CpuIdentity ZEN5 = new CpuIdentity("AuthenticAMD", "26", "2", "AMD EPYC", 512);

    /**
     * Every result before per-CPU plans was made with these constants: AVX512 must stay them, bit
     * for bit (kc_one = kc: every product deeper than kc in slabs of kc). Zen 5's default since is
     * AVX512_DEEP, the same but for kc_one.
     */
    @Test void avx512IsTheTuningEveryEarlierResultWasMadeWith() {
        assertEquals("bits=512,mr=8,kc=256,kc_one=256,mc=256,nc=2048,in_place_a=1024,small=16384,parallel_flops=1048576,batched_pixels=256,"
                + "direct_waste=4,direct_dw_waste=8,wino_channels=64,wino_width=8,wino_dw_width=16,wino_chunk=786432,wino_tiles=128,"
                + "attention_rows=128", KernelPlan.AVX512.text());
        assertEquals(KernelPlan.AVX512.with("kc_one=1024"), KernelPlan.AVX512_DEEP);
        assertEquals(KernelPlan.AVX512_DEEP, KernelPlans.defaultFor(ZEN5));
    }

    /** A plan's text from before kc_one existed (every plan recorded until then) reads back as it ran: kc_one = kc. */
    @Test void aPlanWithoutKcOneRanItsDeepProductsInSlabsOfKc() {
        assertEquals(KernelPlan.AVX512, KernelPlan.parse(KernelPlan.AVX512.text().replace(",kc_one=256", "")));
        assertEquals(KernelPlan.AVX512_KC128, KernelPlan.parse(KernelPlan.AVX512_KC128.text().replace(",kc_one=128", "")));
    }

    @Test void everyNamedPlanParsesBackFromItsTextAndItsName() {
        for (Map.Entry<String, KernelPlan> e : KernelPlan.NAMED.entrySet()) {
            KernelPlan p = e.getValue();
            assertEquals(p, KernelPlan.parse(p.text()), p::toString);
            assertEquals(p, KernelPlan.parse(e.getKey()), e::getKey);
            assertEquals(e.getKey(), KernelPlan.parse(p.text()).name());
        }
        assertEquals(4, KernelPlan.NAMED.values().stream().distinct().count(), "two named plans are the same plan");
    }

    @Test void aNameWithOverridesChangesOnlyThoseKeys() {
        KernelPlan p = KernelPlan.parse(" avx2, kc=96 ,attention_rows=64");
        assertEquals(96, p.gemm().kc());
        assertEquals(64, p.attentionRows());
        assertEquals(KernelPlan.AVX2.with("kc=96,attention_rows=64"), p);
        assertEquals("custom", p.name());
        assertEquals(p, KernelPlan.parse(p.text()));
    }

    @Test void aBadPlanFailsInOneSentenceNamingTheKeyOrValue() {
        String full = KernelPlan.AVX512.text();
        Map<String, String> cases = Map.of(
                "avx512,kcc=3", "unknown key 'kcc'",
                "avx512,kc=abc", "kc=abc is not a whole number",
                "avx512,kc=0", "kc=0 must be positive",
                "avx512,kc", "key 'kc' has no value",
                "avx512,kc=1,kc=2", "key 'kc' is given twice",
                "avx512,mr=6", "mr=6: the GEMM micro-kernels have 4 or 8 rows",
                "avx2,mc=250", "mc=250 is not a multiple of mr=4",
                "avx512,bits=1024", "bits=1024: the vector width must be 128, 256 or 512",
                "zen9", "no plan is named 'zen9'",
                full.replace(",attention_rows=128", ""), "key 'attention_rows' is missing");
        cases.forEach((text, says) -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelPlan.parse(text), text);
            assertTrue(e.getMessage().contains(says), () -> text + " gave: " + e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e::getMessage);
        });
        IllegalArgumentException deep = assertThrows(IllegalArgumentException.class, () -> KernelPlan.parse("avx512-deep,kc=2048"));
        assertEquals("kc_one=1024 is below kc=2048: a product up to kc deep is one slab already", deep.getMessage());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KernelPlans.choose("avx512", null, new CpuIdentity("GenuineIntel", "6", "154", "i7", 256)));
        assertEquals("-Dfacet.plan=avx512: bits=512 is wider than this CPU's 256-bit vectors", e.getMessage());
    }

    @Test void thePropertyBeatsTheCacheAndTheCacheBeatsTheDefault() throws IOException {
        Path cache = tmp.resolve("plan.txt");
        assertEquals(new KernelPlans.Choice(KernelPlan.AVX512_DEEP, "the default for this CPU"), KernelPlans.choose(null, cache, ZEN5));
        Files.writeString(cache, PlanCache.format(KernelPlan.AVX2, List.of("measured by a test")));
        assertEquals(new KernelPlans.Choice(KernelPlan.AVX2, "the cache " + cache), KernelPlans.choose(null, cache, ZEN5));
        assertEquals(new KernelPlans.Choice(KernelPlan.AVX512_KC128, "-Dfacet.plan"), KernelPlans.choose("avx512-kc128", cache, ZEN5));
        assertEquals(KernelPlan.AVX512_DEEP, KernelPlans.choose(null, null, ZEN5).plan(), "a bypassed cache (null) is not read");
        Files.writeString(cache, "# damaged\nbits=512,mr=\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> KernelPlans.choose(null, cache, ZEN5));
        assertTrue(e.getMessage().startsWith("the kernel plan cache " + cache + " is damaged (mr= is not a whole number)"), e::getMessage);
    }

    /** Under surefire the developer's cache is bypassed (-Dfacet.plan.cache=false in the parent pom): no test depends on it. */
    @Test void theTestsDoNotReadACachedPlan() {
        assertFalse(KernelPlans.choice().source().startsWith("the cache"), KernelPlans.choice().source());
    }

    @Test void theDefaultFollowsTheVectorWidth() {
        assertEquals(KernelPlan.AVX512_DEEP, KernelPlans.defaultFor(new CpuIdentity("AuthenticAMD", "25", "17", "EPYC 9R14", 512)));
        assertEquals(KernelPlan.AVX2, KernelPlans.defaultFor(new CpuIdentity("GenuineIntel", "6", "154", "i7", 256)));
        KernelPlan narrow = KernelPlans.defaultFor(new CpuIdentity("aarch64", "unknown", "unknown", "unknown", 128));
        assertEquals(128, narrow.bits());
        assertEquals(4, narrow.mr());
    }

    @Test void theIdentityComesFromTheFirstProcessorOfCpuinfo() {
        String cpuinfo = "processor\t: 0\nvendor_id\t: AuthenticAMD\ncpu family\t: 26\nmodel\t\t: 2\nmodel name\t: AMD EPYC 9B45\n\n"
                + "processor\t: 1\nvendor_id\t: Other\n";
        CpuIdentity id = CpuIdentity.fromCpuinfo(cpuinfo, 512);
        assertEquals(new CpuIdentity("AuthenticAMD", "26", "2", "AMD EPYC 9B45", 512), id);
        assertEquals("authenticamd-26-2-amd-epyc-9b45-512bit", id.key());
    }
}
