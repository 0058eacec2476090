package facet.kernels.cpu;

import facet.kernels.Scope;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kernels' spinning worker pool: every index once, slack taken up, failures surfaced, nesting and concurrent callers safe. */
class ParallelTest {
    @Test
    void everyIndexRunsExactlyOnceOnAnyThreadCount() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            try (Scope scope = Parallel.withThreads(threads)) {
                for (int n : new int[] {0, 1, 2, 3, 7, 64, 1000}) {
                    AtomicIntegerArray hits = new AtomicIntegerArray(n);
                    Parallel.forRange(n, hits::incrementAndGet);
                    for (int i = 0; i < n; i++) assertEquals(1, hits.get(i), "threads " + threads + ", n " + n + ": index " + i);
                }
            }
        }
    }

    @Test
    void theWorkIsSharedWithOtherThreads() {
        try (Scope scope = Parallel.withThreads(3)) {
            Thread[] ran = new Thread[3];
            CountDownLatch started = new CountDownLatch(3);
            // each index waits until all three have started: only three threads at once can get past it,
            // and a thread held there cannot take another's piece
            Parallel.forRange(3, i -> {
                ran[i] = Thread.currentThread();
                started.countDown();
                await(started);
            });
            assertEquals(Thread.currentThread(), ran[0], "the caller runs the first chunk");
            assertNotEquals(Thread.currentThread(), ran[1]);
            assertNotEquals(ran[1], ran[2]);
        }
    }

    @Test
    void aSlowThreadsUnstartedPiecesAreTakenByTheOthers() {
        try (Scope scope = Parallel.withThreads(2)) {
            int n = 2 * Parallel.PIECES;   // one index a piece: the caller owns the first half, the worker the second
            Thread[] ran = new Thread[n];
            CountDownLatch rest = new CountDownLatch(n / 2 - 1);
            Parallel.forRange(n, i -> {
                ran[i] = Thread.currentThread();
                if (i == n / 2) await(rest);   // whoever runs the worker's first piece waits for its other pieces to be done
                else if (i > n / 2) rest.countDown();
            });
            // they were taken by the thread not held up (the caller, or the worker when the caller took the slow one)
            for (int i = n / 2 + 1; i < n; i++) assertNotEquals(ran[n / 2], ran[i], "index " + i + " waited for the slow thread");
        }
    }

    /** Waits for the latch; failing after 30 s, when nobody else could count it down. */
    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, TimeUnit.SECONDS), "no other thread took the pieces");
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aWorkersFailureReachesTheCallerAndThePoolStillWorks() {
        try (Scope scope = Parallel.withThreads(2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallel.forRange(4, i -> {
                if (i == 3) throw new IllegalArgumentException("chunk of index 3 failed");
            }));
            assertEquals("chunk of index 3 failed", e.getMessage());
            AtomicInteger sum = new AtomicInteger();
            Parallel.forRange(100, sum::addAndGet);
            assertEquals(4950, sum.get());
        }
    }

    @Test
    void theCallerWaitsForTheWorkersEvenWhenItsOwnChunkFails() {
        try (Scope scope = Parallel.withThreads(2)) {
            AtomicInteger finished = new AtomicInteger();
            assertThrows(IllegalStateException.class, () -> Parallel.forRange(2, i -> {
                if (i == 0) throw new IllegalStateException("caller's chunk failed");
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                finished.incrementAndGet();
            }));
            assertEquals(1, finished.get(), "forRange returned while a worker was still writing");
        }
    }

    @Test
    void nestedCallsRunInline() {
        try (Scope scope = Parallel.withThreads(2)) {
            AtomicIntegerArray hits = new AtomicIntegerArray(64);
            Parallel.forRange(8, i -> Parallel.forRange(8, j -> hits.incrementAndGet(i * 8 + j)));
            for (int i = 0; i < 64; i++) assertEquals(1, hits.get(i), "index " + i);
        }
    }

    @Test
    void twoCallingThreadsTakeTurns() throws Exception {
        try (Scope scope = Parallel.withThreads(2)) {
            long[] sums = new long[2];
            Thread[] callers = new Thread[2];
            for (int t = 0; t < 2; t++) {
                int id = t;
                callers[t] = new Thread(() -> {
                    for (int round = 0; round < 200; round++) {
                        AtomicInteger s = new AtomicInteger();
                        Parallel.forRange(50, s::addAndGet);
                        sums[id] += s.get();
                    }
                });
                callers[t].start();
            }
            for (Thread c : callers) c.join(60_000);
            for (int t = 0; t < 2; t++) {
                assertTrue(!callers[t].isAlive(), "caller " + t + " did not finish");
                assertEquals(200L * 1225, sums[t], "caller " + t);
            }
        }
    }
}
