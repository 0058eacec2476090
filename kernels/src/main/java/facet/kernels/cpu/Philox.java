package facet.kernels.cpu;

/**
 * Philox 4x32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3", SC 2011): a
 * counter-based generator, so element i of a request depends only on (seed, counter), never on
 * how many threads or which device produced it.
 *
 * <p>Layout of a request: element i of a request that starts at block {@code offset} uses block
 * {@code offset + i / 4}, lane {@code i % 4}. Block b is the counter (b low word, b high word,
 * 0, 0) under key (seed low word, seed high word). Normals come in groups of four per block by
 * Box-Muller on lane pairs (0,1) and (2,3). CUDA's Philox kernel follows the same layout.
 */
public final class Philox {
    private Philox() {}

    private static final int M0 = 0xD2511F53, M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85;
    private static final float TWO_POW_MINUS_24 = 0x1p-24f;

    /** Ten rounds on counter {@code ctr} (4 words, overwritten with the output) under key (k0, k1). */
    public static void block(int[] ctr, int k0, int k1) {
        int c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
        for (int r = 0; r < 10; r++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
            k0 += W0;
            k1 += W1;
        }
        ctr[0] = c0; ctr[1] = c1; ctr[2] = c2; ctr[3] = c3;
    }

    /** Blocks a request of n numbers consumes; the caller advances its offset by this. */
    public static long blocksFor(long n) { return (n + 3) / 4; }

    /** A 32-bit word to [0, 1) with 24 random bits: exact in float32 on every device. */
    public static float toUniform(int word) { return (word >>> 8) * TWO_POW_MINUS_24; }

    /** out[i] = uniform in [0, 1) for element i of the request starting at block {@code offset}. */
    public static void uniform(long seed, long offset, float[] out, int from, int to) {
        int[] ctr = new int[4];
        for (int i = from; i < to; ) {
            long b = offset + i / 4;
            load(ctr, b);
            block(ctr, (int) seed, (int) (seed >>> 32));
            for (int lane = i % 4; lane < 4 && i < to; lane++, i++) out[i] = toUniform(ctr[lane]);
        }
    }

    /** out[i] = standard normal, Box-Muller on lanes (0,1) and (2,3) of each block. */
    public static void normal(long seed, long offset, float[] out, int from, int to) {
        int[] ctr = new int[4];
        float[] z = new float[4];
        for (int i = from; i < to; ) {
            long b = offset + i / 4;
            load(ctr, b);
            block(ctr, (int) seed, (int) (seed >>> 32));
            boxMuller(ctr[0], ctr[1], z, 0);
            boxMuller(ctr[2], ctr[3], z, 2);
            for (int lane = i % 4; lane < 4 && i < to; lane++, i++) out[i] = z[lane];
        }
    }

    private static void load(int[] ctr, long b) {
        ctr[0] = (int) b;
        ctr[1] = (int) (b >>> 32);
        ctr[2] = 0;
        ctr[3] = 0;
    }

    /** Two normals from two words; the radius uses 1 - u so the log never sees 0. */
    private static void boxMuller(int w0, int w1, float[] z, int at) {
        double u1 = 1.0 - toUniform(w0), u2 = toUniform(w1);
        double r = Math.sqrt(-2.0 * Math.log(u1)), theta = 2.0 * Math.PI * u2;
        z[at] = (float) (r * Math.cos(theta));
        z[at + 1] = (float) (r * Math.sin(theta));
    }
}
