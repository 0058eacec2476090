package facet.train.data;

import facet.kernels.cpu.Philox;

/**
 * A stream of random numbers that is a pure function of its keys, built on the engine's
 * Philox 4x32-10: the key is the seed, and the counter's upper 64 bits name the stream (a hash
 * of the extra keys) while the lower 64 bits count blocks within it. So
 * {@code Rng.of(seed, epoch, index)} gives the same numbers on any thread, in any order, and
 * sample 7's augmentation never depends on how many samples were drawn before it.
 *
 * <p>Not thread-safe: each sample or task takes its own stream.
 */
public final class Rng {
    private final int k0, k1, s0, s1;
    private final int[] block = new int[4];
    private long counter;
    private int lane = 4;
    private double spareNormal = Double.NaN;

    private Rng(long seed, long stream) {
        k0 = (int) seed;
        k1 = (int) (seed >>> 32);
        s0 = (int) stream;
        s1 = (int) (stream >>> 32);
    }

    /** The stream named by (seed, keys...). */
    public static Rng of(long seed, long... keys) {
        long h = 0x243F6A8885A308D3L;
        for (long k : keys) h = mix(h ^ mix(k + 0x9E3779B97F4A7C15L));
        return new Rng(seed, h);
    }

    /** A key for a name (a domain, a split), stable across runs and JVMs. */
    public static long key(String name) {
        long h = 0xCBF29CE484222325L;
        for (int i = 0; i < name.length(); i++) h = (h ^ name.charAt(i)) * 0x100000001B3L;
        return h;
    }

    /** An independent stream derived from this one's identity (not its position) and a key. */
    public Rng fork(long key) { return new Rng((k0 & 0xFFFFFFFFL) | ((long) k1 << 32), mix(((s0 & 0xFFFFFFFFL) | ((long) s1 << 32)) ^ mix(key))); }

    /** SplitMix64's finaliser: a bijective 64-bit mix. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** 32 random bits. */
    public int nextInt() {
        if (lane == 4) {
            block[0] = (int) counter;
            block[1] = (int) (counter >>> 32);
            block[2] = s0;
            block[3] = s1;
            Philox.block(block, k0, k1);
            counter++;
            lane = 0;
        }
        return block[lane++];
    }

    /** 64 random bits. */
    public long nextLong() { return ((long) nextInt() << 32) ^ (nextInt() & 0xFFFFFFFFL); }

    /** Uniform in [0, 1) with 53 random bits. */
    public double uniform() { return (nextLong() >>> 11) * 0x1p-53; }

    public double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

    /** Uniform integer in [0, n). */
    public int below(int n) {
        if (n <= 0) throw new IllegalArgumentException("rng: below(" + n + ") needs n > 0");
        return (int) ((nextInt() & 0xFFFFFFFFL) * n >>> 32);
    }

    public boolean chance(double p) { return uniform() < p; }

    /** Standard normal (polar Box-Muller; the second value of a pair is kept for the next call). */
    public double normal() {
        if (!Double.isNaN(spareNormal)) {
            double z = spareNormal;
            spareNormal = Double.NaN;
            return z;
        }
        double u, v, s;
        do {
            u = 2 * uniform() - 1;
            v = 2 * uniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareNormal = v * f;
        return u * f;
    }

    public double normal(double mean, double sd) { return mean + sd * normal(); }

    /** Index i with probability weights[i] / sum(weights). */
    public int pick(double[] weights) {
        double total = 0;
        for (double w : weights) total += w;
        double r = uniform() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) return i;
        }
        return weights.length - 1;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = below(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
