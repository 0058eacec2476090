package facet.autograd;

/**
 * A scope in which ops record no graph: {@code try (var ng = NoGrad.enter()) { ... }}.
 * Scopes nest; each thread has its own.
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private boolean closed;

    private NoGrad() { DEPTH.get()[0]++; }

    public static NoGrad enter() { return new NoGrad(); }

    /** True outside every no-grad scope. */
    public static boolean gradEnabled() { return DEPTH.get()[0] == 0; }

    @Override public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}
