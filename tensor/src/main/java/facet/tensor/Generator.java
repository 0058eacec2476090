package facet.tensor;

import facet.kernels.cpu.Philox;

/**
 * A Philox stream: a seed and a block offset that advances with every request, so successive
 * calls draw fresh numbers while a given (seed, offset) always gives the same ones, on every
 * device. Thread-safe.
 */
public final class Generator {
    private static final Generator GLOBAL = new Generator(0);

    private long seed;
    private long offset;

    public Generator(long seed) { this.seed = seed; }

    /** The generator used when none is given; seeded with 0 at start-up. */
    public static Generator global() { return GLOBAL; }

    public synchronized Generator manualSeed(long seed) {
        this.seed = seed;
        this.offset = 0;
        return this;
    }

    public synchronized long seed() { return seed; }

    /** Blocks drawn so far: with {@link #seed()}, the whole state (a checkpoint saves both). */
    public synchronized long offset() { return offset; }

    /** Puts the stream back where a checkpoint found it. */
    public synchronized Generator restore(long seed, long offset) {
        if (offset < 0) throw new IllegalArgumentException("generator: offset " + offset + " must be >= 0");
        this.seed = seed;
        this.offset = offset;
        return this;
    }

    /** Reserves the blocks for n numbers; returns {seed, first block}. */
    synchronized long[] take(long n) {
        long[] r = {seed, offset};
        offset += Philox.blocksFor(n);
        return r;
    }
}
