package facet.train.data.synth;

/** Cheap deterministic texture noise: hashes of integer lattices, no state, no allocation. */
final class Noise {
    private Noise() {}

    /** A 32-bit integer hash (Wang/Jenkins style mixing). */
    static int hash(int x) {
        x = (x ^ 61) ^ (x >>> 16);
        x *= 9;
        x ^= x >>> 4;
        x *= 0x27d4eb2d;
        return x ^ (x >>> 15);
    }

    /** Uniform in [-1, 1) for an integer position and a salt. */
    static float pixel(int i, int salt) { return (hash(i * 0x9E3779B1 + salt * 0x85EBCA6B) >>> 8) * 0x1p-23f - 1f; }

    private static float lattice(int x, int y, int salt) { return pixel(x * 73856093 ^ y * 19349663, salt); }

    /** Smooth value noise in [-1, 1] over the plane (bilinear between lattice values, smoothstep weights). */
    static float value(double x, double y, int salt) {
        int xi = (int) Math.floor(x), yi = (int) Math.floor(y);
        float fx = (float) (x - xi), fy = (float) (y - yi);
        fx = fx * fx * (3 - 2 * fx);
        fy = fy * fy * (3 - 2 * fy);
        float a = lattice(xi, yi, salt), b = lattice(xi + 1, yi, salt), c = lattice(xi, yi + 1, salt), d = lattice(xi + 1, yi + 1, salt);
        return a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;
    }
}
