package facet.bench.jmh;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JMH suite is wired up (without running it): the annotation processor listed every benchmark, and the flop counts are right. */
class JmhBenchmarksTest {
    private static final List<Class<?>> SUITE = List.of(GemmBenchmark.class, ConvBenchmark.class, AttentionBenchmark.class);

    private static List<BenchmarkListEntry> listed() throws IOException {
        try (InputStream in = JmhBenchmarksTest.class.getResourceAsStream(BenchmarkList.BENCHMARK_LIST)) {
            assertNotNull(in, BenchmarkList.BENCHMARK_LIST + " is missing: JMH's annotation processor did not run on module bench");
            return BenchmarkList.readBenchmarkList(in);
        }
    }

    @Test
    void everyBenchmarkMethodIsListed() throws IOException {
        Set<String> declared = SUITE.stream()
                .flatMap(c -> Arrays.stream(c.getDeclaredMethods())
                        .filter(m -> m.isAnnotationPresent(Benchmark.class))
                        .map(m -> c.getName() + "." + m.getName()))
                .collect(Collectors.toSet());
        Set<String> listed = listed().stream().map(BenchmarkListEntry::getUsername).collect(Collectors.toSet());
        assertEquals(8, declared.size(), "naive/blocked/vector, conv forward/dx/dw, attention forward/forward+backward");
        assertEquals(declared, listed);
    }

    @Test
    void forksGetTheVectorModuleAndNaiveGemmRunsOnlyAtTheSmallSize() throws IOException {
        for (BenchmarkListEntry e : listed()) {
            assertTrue(e.getJvmArgsAppend().orElse(List.of()).containsAll(List.of("--add-modules", "jdk.incubator.vector")), e.getUsername());
            Map<String, String[]> params = e.getParams().orElse(Map.of());
            if (e.getUsername().endsWith(".naive")) {
                assertEquals(Set.of("n"), params.keySet());
                assertArrayEquals(new String[] {"256"}, params.get("n"));
            } else {
                assertArrayEquals(new String[] {"1", "all"}, params.get("threads"), e.getUsername());
            }
        }
    }

    @Test
    void flopCountsMatchHandComputedValues() {
        assertEquals(33_554_432.0, Flops.of("facet.bench.jmh.GemmBenchmark.vector", p -> "256").orElseThrow()); // 2 * 256^3
        // 2 * N 8 * O 64 * (64 x 64 outputs) * C 64 * 3 x 3
        assertEquals(2_415_919_104.0, Flops.of("facet.bench.jmh.ConvBenchmark.backwardWeight", p -> null).orElseThrow());
        // 4 * B 32 * H 3 * T^2 4225 * D 64, and three times that with the backward
        assertEquals(103_833_600.0, Flops.of("facet.bench.jmh.AttentionBenchmark.forward", p -> null).orElseThrow());
        assertEquals(311_500_800.0, Flops.of("facet.bench.jmh.AttentionBenchmark.forwardBackward", p -> null).orElseThrow());
        assertTrue(Flops.of("facet.bench.jmh.Unknown.run", p -> null).isEmpty());
    }

    @Test
    void naiveGemmMultiplies() {
        float[] c = {9, 9, 9, 9}; // overwritten, not accumulated into
        GemmBenchmark.naive(2, new float[] {1, 2, 3, 4}, new float[] {5, 6, 7, 8}, c);
        assertArrayEquals(new float[] {19, 22, 43, 50}, c);
    }
}
