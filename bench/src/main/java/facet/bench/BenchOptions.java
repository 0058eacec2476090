package facet.bench;

import facet.tensor.Backend;
import facet.tensor.Backends;
import facet.tensor.DType;
import facet.tensor.Device;
import picocli.CommandLine.Option;

/** Options every bench command shares: thread counts, timing budget and output form. */
abstract class BenchOptions {
    @Option(names = "--threads", split = ",", description = "thread counts to run (default: 1 and all cores)")
    int[] threads;

    @Option(names = "--json", description = "one JSON object per result line instead of a table")
    boolean json;

    @Option(names = "--warmup", description = "seconds of warm-up per case (default ${DEFAULT-VALUE})")
    double warmup = 1.0;

    @Option(names = "--seconds", description = "seconds of timed runs per case, at least 3 runs (default ${DEFAULT-VALUE})")
    double seconds = 2.0;

    private boolean headerPrinted;

    /** The CPU backend a --variant names: fused (its kernels) or composed (the default compositions of primitives). */
    static Backend cpuVariant(String command, String variant) {
        Backend cpu = Backends.of(Device.CPU, DType.F32);
        return switch (variant) {
            case "fused" -> cpu;
            case "composed" -> Backends.composed(cpu);
            default -> throw new IllegalArgumentException(command + ": unknown variant '" + variant + "' (fused, composed)");
        };
    }

    int[] threadCounts() {
        if (threads != null) return threads;
        int all = Runtime.getRuntime().availableProcessors();
        return all == 1 ? new int[] {1} : new int[] {1, all};
    }

    /** Prints a result as soon as it exists (long runs show progress) and returns it. */
    Row emit(Row r) {
        if (json) {
            System.out.println(r.json());
        } else {
            if (!headerPrinted) System.out.println(Row.header());
            headerPrinted = true;
            System.out.println(r.table());
        }
        return r;
    }
}
