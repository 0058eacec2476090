package facet.kernels;

/**
 * A setting changed until close() restores the previous value, for try-with-resources:
 * {@code try (Scope s = Parallel.withThreads(1)) { ... }}. Tests and benchmarks change global
 * knobs only this way, so one cannot leak its setting into the next.
 */
@FunctionalInterface
public interface Scope extends AutoCloseable {
    @Override void close();
}
