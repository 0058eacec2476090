package facet.bench.jmh;

import facet.kernels.cpu.Parallel;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The kernels' thread count for one trial: 1, or "all" = every core of the machine it runs on
 * (a JMH param must be a literal, so "all" is resolved here rather than written as a number).
 */
@State(Scope.Benchmark)
public class ThreadCount {
    @Param({"1", "all"})
    public String threads;

    private facet.kernels.Scope scope;

    @Setup(Level.Trial)
    public void apply() {
        scope = Parallel.withThreads(threads.equals("all") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(threads));
    }

    @TearDown(Level.Trial)
    public void restore() { scope.close(); }
}
