package facet.bench;

import facet.bench.jmh.Flops;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Runs the JMH suite in {@code facet.bench.jmh}. Each benchmark forks a JVM with this JVM's class
 * path, the JVM's default GC and heap, and {@code --add-modules jdk.incubator.vector} from the
 * benchmarks' {@code @Fork}; after JMH's table comes one GFLOP/s line per result.
 *
 * <p>The forks do not inherit the launcher's flags (JMH's default). G1, the default, is also the
 * launcher's choice: under ZGC, on 2 cores, composed attention (13 MB allocated per call) swung
 * between 6 and 45 ms/op from one iteration to the next, against 4.4 +- 0.1 ms/op under G1.
 */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "JMH benchmarks: GEMM naive/blocked/vector, convolution and attention, 1 thread vs all.")
final class JmhCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "REGEX",
            description = "benchmarks whose name matches, e.g. GemmBenchmark or 'Gemm.*vector' (default: ${DEFAULT-VALUE})")
    String include = "facet.bench.jmh";

    @Option(names = "--quick", description = "1 warm-up and 2 measurement iterations instead of the benchmarks' 3 and 5")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "also write JMH's JSON results to FILE")
    String json;

    @Option(names = "-p", paramLabel = "NAME=V1,V2", description = "override a param, e.g. -p n=256 or -p threads=1")
    Map<String, String> params = new LinkedHashMap<>();

    @Override public Integer call() {
        ChainedOptionsBuilder opts = new OptionsBuilder().include(include)
                .jvmArgs()  // no flags from the launcher; the benchmarks' @Fork adds the vector module
                // JMH 1.37 reads field offsets through sun.misc.Unsafe, which JDK 25 warns about in every fork
                .jvmArgsPrepend("--sun-misc-unsafe-memory-access=allow");
        if (quick) opts.warmupIterations(1).measurementIterations(2);
        if (json != null) opts.resultFormat(ResultFormatType.JSON).result(json);
        params.forEach((name, values) -> opts.param(name, values.split(",")));
        Collection<RunResult> results;
        try {
            results = new Runner(opts.build()).run();
        } catch (NoBenchmarksException e) {
            System.err.println("jmh: no benchmark name matches '" + include + "' (names look like facet.bench.jmh.GemmBenchmark.vector)");
            return 1;
        } catch (RunnerException e) {
            System.err.println("jmh: " + e.getMessage());
            return 1;
        }
        System.out.println();
        System.out.printf("%-45s %-25s %12s %10s%n", "Benchmark", "Params", "ms/op", "GFLOP/s");
        for (RunResult r : results) {
            BenchmarkParams p = r.getParams();
            double ms = r.getPrimaryResult().getScore();
            String unit = r.getPrimaryResult().getScoreUnit();
            String named = p.getParamsKeys().stream().map(k -> k + "=" + p.getParam(k)).collect(Collectors.joining(" "));
            OptionalDouble flops = Flops.of(p.getBenchmark(), p::getParam);
            // GFLOP/s = flops / (ms * 1e6), so only for times per op in ms
            String gflops = flops.isPresent() && unit.equals("ms/op") ? "%.1f".formatted(flops.getAsDouble() / (ms * 1e6)) : "";
            System.out.printf("%-45s %-25s %12.3f %10s%n", p.getBenchmark().replace("facet.bench.jmh.", ""), named, ms, gflops);
        }
        return 0;
    }
}
