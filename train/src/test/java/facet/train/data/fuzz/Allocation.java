package facet.train.data.fuzz;

import java.lang.management.ManagementFactory;

/** Bytes the current thread allocates while a piece of code runs (HotSpot's per-thread counter). */
final class Allocation {
    private Allocation() {}

    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static long current() { return THREADS.getCurrentThreadAllocatedBytes(); }

    static long since(long start) { return current() - start; }
}
