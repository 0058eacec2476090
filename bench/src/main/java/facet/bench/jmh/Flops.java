package facet.bench.jmh;

import java.util.OptionalDouble;
import java.util.function.Function;

/** Flops of one call of a benchmark method, so the runner can print GFLOP/s beside JMH's times. */
public final class Flops {
    private Flops() {}

    /**
     * @param benchmark JMH's full name, e.g. {@code facet.bench.jmh.GemmBenchmark.vector}
     * @param param     the value of one of the run's params by name
     * @return empty for a benchmark without a flop count
     */
    public static OptionalDouble of(String benchmark, Function<String, String> param) {
        String[] parts = benchmark.split("\\.");
        if (parts.length < 2) return OptionalDouble.empty();
        String cls = parts[parts.length - 2], method = parts[parts.length - 1];
        return switch (cls) {
            case "GemmBenchmark" -> OptionalDouble.of(GemmBenchmark.flops(Integer.parseInt(param.apply("n"))));
            case "ConvBenchmark" -> OptionalDouble.of(ConvBenchmark.FLOPS);
            case "AttentionBenchmark" -> OptionalDouble.of(method.equals("forward")
                    ? AttentionBenchmark.FORWARD_FLOPS : AttentionBenchmark.FORWARD_BACKWARD_FLOPS);
            default -> OptionalDouble.empty();
        };
    }
}
