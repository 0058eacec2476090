package facet.kernels.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The kernels' threads: {@code -Dfacet.threads=N} (default: all cores), that is the calling
 * thread plus N - 1 workers. Work is cut into about one chunk per thread; the caller runs the
 * first chunk itself. A call made from a worker or from inside a chunk runs inline, so nested
 * parallel kernels never oversubscribe or deadlock; a second thread waits until the workers are free.
 *
 * <p>Why not a ForkJoinPool: its idle workers park soon, and on these VMs a parked thread comes
 * back slowly (our guess: the idle vCPU halts and the host must wake it). A training step is
 * hundreds of parallel ops with short serial gaps between them (autograd bookkeeping, zeroing
 * a new array), so each op paid that wake-up. Measured, a 2080x192x192 GEMM on 2 threads after
 * 2 ms of serial work: 1.14 ms mean against 0.65 back to back. These workers spin for
 * {@link #SPIN_NS} before parking, and the caller no longer hands off its own share.
 */
public final class Parallel {
    private Parallel() {}

    /**
     * How long an idle worker spins before it parks (-Dfacet.spinMicros): longer than most serial
     * gaps inside a training step, short enough not to starve a data-loading thread for long.
     * W2 ms/step, 2 threads, two rounds: spin 2000 us 285 / 270, 200 us 285 / 276, 50 us 307 / 286.
     */
    static final long SPIN_NS = 1000L * Long.getLong("facet.spinMicros", 500);

    private static volatile int threads = Integer.getInteger("facet.threads", Runtime.getRuntime().availableProcessors());
    private static volatile Worker[] workers = start(threads);
    /** Held by the one caller whose chunks the workers are running; another thread waits for it. */
    private static final ReentrantLock BUSY = new ReentrantLock();

    public static int threads() { return threads; }

    /**
     * Runs the kernels on n threads until the scope closes, then on the count before (benchmarks
     * compare 1 thread with all; tests reach the multi-threaded paths). Not for use while kernels run.
     */
    public static facet.kernels.Scope withThreads(int n) {
        int before = threads;
        setThreads(n);
        return () -> setThreads(before);
    }

    private static synchronized void setThreads(int n) {
        if (n < 1) throw new IllegalArgumentException("threads must be >= 1, got " + n);
        if (n == threads) return;
        Worker[] old = workers;
        workers = start(n);
        threads = n;
        for (Worker w : old) w.give(Worker.STOP);
    }

    /** Runs body(i) for i in [0, n), in parallel chunks when n and the thread count allow. */
    public static void forRange(int n, IntConsumer body) {
        Worker[] ws = workers;
        int chunks = Math.min(n, ws.length + 1);
        if (chunks <= 1 || Thread.currentThread() instanceof Worker || BUSY.isHeldByCurrentThread()) {
            for (int i = 0; i < n; i++) body.accept(i);
            return;
        }
        BUSY.lock();
        try {
            Batch batch = new Batch(chunks - 1, Thread.currentThread());
            for (int c = 1; c < chunks; c++) {
                int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
                ws[c - 1].give(() -> {
                    try {
                        for (int i = from; i < to; i++) body.accept(i);
                    } catch (Throwable e) {
                        batch.fail(e);
                    } finally {
                        batch.done();
                    }
                });
            }
            try {
                for (int i = 0, to = (int) ((long) n / chunks); i < to; i++) body.accept(i);
            } catch (Throwable e) {
                batch.fail(e);   // still wait: the workers are writing into the same outputs
            }
            batch.await();
        } finally {
            BUSY.unlock();
        }
    }

    /** Like forRange, but only when the work (in roughly flops or elements) is big enough to pay for the hand-off. */
    public static void forRange(int n, long work, IntConsumer body) {
        if (work < MIN_PARALLEL_WORK) {
            for (int i = 0; i < n; i++) body.accept(i);
        } else {
            forRange(n, body);
        }
    }

    /** Below this much work a task runs on the caller: a hand-off costs a few microseconds. */
    public static final long MIN_PARALLEL_WORK = 1 << 15;

    private static Worker[] start(int n) {
        Worker[] ws = new Worker[n - 1];
        for (int i = 0; i < ws.length; i++) {
            ws[i] = new Worker("facet-kernel-" + (i + 1));
            ws[i].start();
        }
        return ws;
    }

    /** The chunks one call handed out: how many are still running, and the first failure. */
    private static final class Batch {
        private final AtomicInteger pending;
        private final Thread caller;
        private volatile Throwable failure;

        Batch(int chunks, Thread caller) {
            pending = new AtomicInteger(chunks);
            this.caller = caller;
        }

        void fail(Throwable e) { if (failure == null) failure = e; }

        void done() { if (pending.decrementAndGet() == 0) LockSupport.unpark(caller); }

        /** Waits for the workers' chunks (spinning first: they usually end within microseconds of the caller's), then rethrows a failure. */
        void await() {
            long spinUntil = System.nanoTime() + SPIN_NS;
            while (pending.get() > 0) {
                if (System.nanoTime() < spinUntil) Thread.onSpinWait();
                else LockSupport.parkNanos(this, 100_000);
            }
            Throwable e = failure;
            if (e instanceof RuntimeException r) throw r;
            if (e instanceof Error r) throw r;
            if (e != null) throw new IllegalStateException(e);
        }
    }

    /** A thread that runs the tasks given to it one at a time, spinning between them before it parks. */
    private static final class Worker extends Thread {
        static final Runnable STOP = () -> {};
        private volatile Runnable task;
        private volatile boolean parked;

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        /** Hands over a task; a worker is given at most one per batch, and batches take turns (BUSY). */
        void give(Runnable r) {
            task = r;
            if (parked) LockSupport.unpark(this);
        }

        @Override public void run() {
            while (true) {
                Runnable r = next();
                if (r == STOP) return;
                task = null;
                r.run();
            }
        }

        /** The next task: spin on the slot for SPIN_NS, then park until give() unparks this thread. */
        private Runnable next() {
            long spinUntil = System.nanoTime() + SPIN_NS;
            while (true) {
                Runnable r = task;
                if (r != null) return r;
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    parked = true;                       // volatile write, then re-read: give() either sees parked or we see its task
                    if (task == null) LockSupport.park(this);
                    parked = false;
                    spinUntil = System.nanoTime() + SPIN_NS;
                }
            }
        }
    }
}
