package facet.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Recycles the large float arrays of one training step in the next, as PyTorch's caching
 * allocator does. A Java array is zeroed by the thread that allocates it: a ViT step (W2)
 * allocates about 660 MB, and zeroing it at memory speed took about 11% of the main thread
 * while the kernel worker waited (perf). Arrays recycled here are not zeroed again when the op
 * that asked writes every element ({@link HostStorage#forOverwrite}); other requests are
 * filled with zeros, as Java would.
 *
 * <p>{@code try (StepArena.Scope s = arena.enter()) { step }}: every float array of at least
 * {@link #MIN_FLOATS} allocated on this thread inside the scope belongs to the step and goes back
 * to the arena when the scope closes. A tensor that outlives its step must be allocated
 * {@link #outside} the scope or handed to {@link #keep}; one that is used after its step
 * anyway fails at once, in one sentence, instead of reading another step's numbers. Small
 * arrays (scalars, statistics) never belong to a step: Java allocates them cheaply.
 *
 * <p>Numbers do not change: a recycled array is either zero-filled or written whole before it is
 * read. {@code -Dfacet.arena.poison=true} (the test suite's setting) fills arrays handed out for
 * overwriting with NaN instead, so an op that does not write every element shows up as NaN.
 * {@code -Dfacet.arena=false} turns recycling off. One thread uses an arena at a time.
 */
public final class StepArena {
    /** Below this many floats an array never belongs to a step (256 KB). */
    public static final int MIN_FLOATS = 1 << 16;
    private static final boolean ENABLED = !"false".equals(System.getProperty("facet.arena"));
    private static final boolean POISON = Boolean.getBoolean("facet.arena.poison");
    private static final ThreadLocal<StepArena> CURRENT = new ThreadLocal<>();

    private Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final List<float[]> taken = new ArrayList<>();   // in the order the step asked for them
    private final long maxBytes;
    private long generation, reused, takenBytes;

    /**
     * An arena whose steps hold at most a quarter of the heap: arrays that die mid-step stay with
     * the step until it ends, so past that budget a step's arrays are plain Java ones again.
     */
    public StepArena() { this(Runtime.getRuntime().maxMemory() / 4); }

    /** An arena whose steps hold at most maxBytes of arrays. */
    public StepArena(long maxBytes) { this.maxBytes = maxBytes; }

    /** Opens this arena's scope on the calling thread: one training step. */
    public Scope enter() {
        if (!ENABLED) return () -> { };
        if (CURRENT.get() != null) throw new IllegalStateException("step arena: a step scope is already open on this thread");
        CURRENT.set(this);
        return this::close;
    }

    /** A step's scope; closing it returns the step's arrays to the arena. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override void close();
    }

    /** Runs make with no step scope open, so that what it allocates outlives the step (optimizer state, say). */
    public static <T> T outside(Supplier<T> make) {
        StepArena a = CURRENT.get();
        if (a == null) return make.get();
        CURRENT.remove();
        try {
            return make.get();
        } finally {
            CURRENT.set(a);
        }
    }

    /** Lets t's storage outlive the step that allocated it (no-op for storage that belongs to none). */
    public static Tensor keep(Tensor t) {
        if (t.storage() instanceof HostStorage h && h.lease() != null) {
            h.lease().check();
            StepArena a = h.lease().arena();
            float[] x = h.floatsUnchecked();
            for (int i = a.taken.size() - 1; i >= 0; i--) {
                if (a.taken.get(i) == x) {
                    a.taken.remove(i);
                    a.takenBytes -= 4L * x.length;
                    break;
                }
            }
            h.release();
        }
        return t;
    }

    /** What a step's array carries: the arena and the step it belongs to. */
    record Lease(StepArena arena, long generation) {
        void check() {
            if (arena.generation != generation) {
                throw new IllegalStateException("step arena: a tensor was used after the training step that allocated it ended, and "
                        + "its memory now belongs to a later step; allocate it with StepArena.outside or keep it with StepArena.keep");
            }
        }
    }

    /**
     * Storage of n floats for the current step (zeroed unless forOverwrite; NaN under poison when
     * forOverwrite), or null where a plain zeroed Java array is the answer: no scope open, n small, over budget.
     */
    static HostStorage floats(int n, boolean forOverwrite) {
        boolean poison = POISON && forOverwrite;
        if (n < MIN_FLOATS && !poison) return null;            // the common case: no thread-local lookup
        StepArena a = n < MIN_FLOATS ? null : CURRENT.get();
        if (a != null && a.takenBytes + 4L * n > a.maxBytes) a = null;   // over budget: a plain array the collector may take mid-step
        if (a == null && !poison) return null;
        float[] x = a == null ? null : a.reuse(n);
        if (x == null) x = new float[n];
        else if (!forOverwrite) facet.kernels.cpu.Copy.fill(x, 0, n, 0);
        if (poison) java.util.Arrays.fill(x, Float.NaN);
        if (a == null) return new HostStorage(DType.F32, x);
        a.taken.add(x);
        a.takenBytes += 4L * n;
        return new HostStorage(DType.F32, x, new Lease(a, a.generation));
    }

    private float[] reuse(int n) {
        ArrayDeque<float[]> q = free.get(n);
        float[] x = q == null ? null : q.pollLast();
        if (x != null) reused++;
        return x;
    }

    /** How many arrays this arena has handed out again so far. */
    public long reused() { return reused; }

    /**
     * The step's arrays become the next step's free list; last step's unused ones go to the
     * garbage collector. Of equal sizes the one asked for last is handed out first: it was
     * touched most recently, so more of it may still be in cache.
     */
    private void close() {
        CURRENT.remove();
        generation++;
        Map<Integer, ArrayDeque<float[]>> next = new HashMap<>();
        for (float[] x : taken) next.computeIfAbsent(x.length, k -> new ArrayDeque<>()).add(x);
        taken.clear();
        takenBytes = 0;
        free = next;
    }
}
