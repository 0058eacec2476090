package facet.kernels.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The kernels' threads: {@code -Dfacet.threads=N} (default: all cores), that is the calling
 * thread plus N - 1 workers. A call's indices are cut into {@link #PIECES} contiguous pieces per
 * thread; each thread runs its own pieces first (the caller the first ones), then takes the pieces
 * another thread has not started. A call made from a worker or from inside a chunk runs inline, so
 * nested parallel kernels never oversubscribe or deadlock; a second thread waits until the workers are free.
 *
 * <p>Why not a ForkJoinPool: its idle workers park soon, and on these VMs a parked thread comes
 * back slowly (our guess: the idle vCPU halts and the host must wake it). A training step is
 * hundreds of parallel ops with short serial gaps between them (autograd bookkeeping, zeroing
 * a new array), so each op paid that wake-up. Measured, a 2080x192x192 GEMM on 2 threads after
 * 2 ms of serial work: 1.14 ms mean against 0.65 back to back. These workers spin for
 * {@link #SPIN_NS} before parking, and the caller no longer hands off its own share.
 *
 * <p>Why pieces: on a shared VM one vCPU is often slower than the other for a while. With one
 * fixed half per thread, the caller of W2's step waited for the worker 3 ms a step in a fast
 * minute and 13-18 ms in a slow one (of 155-180). Owned pieces first keep each thread on the
 * same rows op after op (their data is in its L2) when both run at the same speed.
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
     * Pieces per thread: enough for the faster thread to take up a slower one's slack, few enough
     * that a piece is still long. A caller that cuts its work into parts itself (a GEMM, an
     * elementwise op) makes {@code threads() * PIECES} of them when its result does not depend on the cut.
     */
    public static final int PIECES = 4;

    /** Whether a forRange called now would run inline (from a worker, or inside another call's chunk). */
    public static boolean nested() { return Thread.currentThread() instanceof Worker || BUSY.isHeldByCurrentThread(); }

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

    /** Runs body(i) for i in [0, n), in parallel pieces when n and the thread count allow; each index once, on some thread. */
    public static void forRange(int n, IntConsumer body) {
        Worker[] ws = workers;
        int chunks = Math.min(n, ws.length + 1);
        if (chunks <= 1 || nested()) {
            for (int i = 0; i < n; i++) body.accept(i);
            return;
        }
        BUSY.lock();
        try {
            Batch batch = new Batch(n, chunks, body, Thread.currentThread());
            for (int c = 1; c < chunks; c++) {
                int id = c;
                ws[c - 1].give(() -> {
                    try {
                        batch.run(id);
                    } finally {
                        batch.done();
                    }
                });
            }
            batch.run(0);   // a failure is kept for await(): the workers are writing into the same outputs
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

    /**
     * One call's pieces: piece p holds indices [n p / pieces, n (p + 1) / pieces); thread c owns
     * pieces [pieces c / chunks, pieces (c + 1) / chunks), and next[c] is the first of them nobody took yet.
     */
    private static final class Batch {
        private final int n, pieces, chunks;
        private final IntConsumer body;
        private final AtomicIntegerArray next;
        private final int[] end;
        private final AtomicInteger pending;
        private final Thread caller;
        private volatile Throwable failure;

        Batch(int n, int chunks, IntConsumer body, Thread caller) {
            this.n = n;
            this.chunks = chunks;
            this.pieces = Math.min(n, chunks * PIECES);
            this.body = body;
            this.next = new AtomicIntegerArray(chunks);
            this.end = new int[chunks];
            for (int c = 0; c < chunks; c++) {
                next.set(c, pieces * c / chunks);
                end[c] = pieces * (c + 1) / chunks;
            }
            this.pending = new AtomicInteger(chunks - 1);
            this.caller = caller;
        }

        /** Thread c's share: its own pieces, then those of the others it finds unstarted; stops at its first failure. */
        void run(int c) {
            try {
                for (int k = 0; k < chunks; k++) {
                    int owner = (c + k) % chunks;
                    for (int p; (p = next.getAndIncrement(owner)) < end[owner]; ) {
                        for (int i = (int) ((long) n * p / pieces), to = (int) ((long) n * (p + 1) / pieces); i < to; i++) body.accept(i);
                    }
                }
            } catch (Throwable e) {
                if (failure == null) failure = e;
            }
        }

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
