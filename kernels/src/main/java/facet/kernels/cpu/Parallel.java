package facet.kernels.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.function.IntConsumer;

/**
 * The kernels' thread pool: {@code -Dfacet.threads=N} threads (default: all cores). Work is cut
 * into about one chunk per thread; a call made from inside a worker runs inline, so nested
 * parallel kernels never oversubscribe or deadlock.
 */
public final class Parallel {
    private Parallel() {}

    private static volatile int threads = Integer.getInteger("facet.threads", Runtime.getRuntime().availableProcessors());
    private static volatile ForkJoinPool pool = newPool(threads);

    private static ForkJoinPool newPool(int n) {
        return new ForkJoinPool(n, p -> {
            ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
            t.setName("facet-kernel-" + t.getPoolIndex());
            t.setDaemon(true);
            return t;
        }, null, false);
    }

    public static int threads() { return threads; }

    /** Changes the thread count (benchmarks compare 1 thread with all); not for use while kernels run. */
    public static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (n == threads) return;
        ForkJoinPool old = pool;
        pool = newPool(n);
        threads = n;
        old.shutdown();
    }

    /** Runs body(i) for i in [0, n), in parallel chunks when n and the thread count allow. */
    public static void forRange(int n, IntConsumer body) {
        int t = threads;
        if (n <= 1 || t == 1 || insidePool()) {
            for (int i = 0; i < n; i++) body.accept(i);
            return;
        }
        int chunks = Math.min(n, t);
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[chunks];
        for (int c = 0; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
            tasks[c] = pool.submit(() -> { for (int i = from; i < to; i++) body.accept(i); });
        }
        for (ForkJoinTask<?> task : tasks) task.join();
    }

    private static boolean insidePool() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == pool;
    }

    /** Like forRange, but only when the work (in roughly flops or elements) is big enough to pay for the hand-off. */
    public static void forRange(int n, long work, IntConsumer body) {
        if (work < MIN_PARALLEL_WORK) {
            for (int i = 0; i < n; i++) body.accept(i);
        } else {
            forRange(n, body);
        }
    }

    /** Below this much work a task runs on the caller: a fork/join round trip costs a few microseconds. */
    public static final long MIN_PARALLEL_WORK = 1 << 15;
}
