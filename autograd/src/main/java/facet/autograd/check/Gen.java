package facet.autograd.check;

import facet.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * The seeded source of a property case: sizes, layouts and values. A case is rebuilt exactly
 * from its seed and its dims, which is what makes printed seeds reproducible and lets the
 * shrinker try smaller dims with everything else unchanged.
 */
public final class Gen {
    /** Value families that keep each op away from its kinks and outside its domain edges. */
    public enum Values {
        /** Uniform in [-2, 2]. */
        ANY,
        /** |x| in [0.2, 2], either sign: away from the kinks of relu, abs, sign. */
        AWAY_FROM_ZERO,
        /** In [0.5, 2.5]: inside the domains of log, sqrt, rsqrt, pow, div. */
        POSITIVE,
        /** Pairwise at least 0.05 apart: no ties for max, maximum, sort, pooling. */
        DISTINCT,
        /** In [0.05, 0.95]: probabilities and soft targets. */
        PROBABILITY,
        /** 0 or 1, at least one 1: masks. */
        MASK,
        /** k / 5 + 0.05 for k in -10..9: always 0.1 away from OFF_GRID values and 0.05 away from multiples of 0.1. */
        ON_GRID,
        /** k / 5 + 0.15 for k in -10..9. */
        OFF_GRID
    }

    private final SplittableRandom r;

    public Gen(long seed) { this.r = new SplittableRandom(seed); }

    public int between(int lo, int hi) { return lo + r.nextInt(hi - lo + 1); }

    public boolean coin() { return r.nextBoolean(); }

    public double uniform(double lo, double hi) { return lo + (hi - lo) * r.nextDouble(); }

    /** A random layout: half the inputs contiguous, the rest spread over the view kinds. */
    public Layout layout() {
        Layout[] all = Layout.values();
        return coin() ? Layout.CONTIGUOUS : all[1 + r.nextInt(all.length - 1)];
    }

    /** A float input of the given values, in a random layout. */
    public Input input(String name, int[] shape, Values kind, boolean wrt) {
        Layout l = layout();
        return new Input(name, shape.clone(), l, values(l.baseShape(shape), kind), wrt);
    }

    /** A float input laid out contiguously (for ops whose cases fix the layout). */
    public Input contiguous(String name, int[] shape, Values kind, boolean wrt) {
        return new Input(name, shape.clone(), Layout.CONTIGUOUS, values(shape, kind), wrt);
    }

    /** An int32 input with values in [0, bound), in a random layout. */
    public Input indices(String name, int[] shape, int bound) {
        Layout l = layout();
        int[] base = l.baseShape(shape);
        int[] v = new int[facet.tensor.Shape.numel(base)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextInt(bound);
        return new Input(name, shape.clone(), l, Tensor.ofInts(v, base), false);
    }

    public Tensor values(int[] shape, Values kind) {
        int n = facet.tensor.Shape.numel(shape);
        double[] v = new double[n];
        switch (kind) {
            case ANY -> { for (int i = 0; i < n; i++) v[i] = uniform(-2, 2); }
            case AWAY_FROM_ZERO -> { for (int i = 0; i < n; i++) v[i] = (coin() ? 1 : -1) * uniform(0.2, 2); }
            case POSITIVE -> { for (int i = 0; i < n; i++) v[i] = uniform(0.5, 2.5); }
            case PROBABILITY -> { for (int i = 0; i < n; i++) v[i] = uniform(0.05, 0.95); }
            case MASK -> {
                for (int i = 0; i < n; i++) v[i] = coin() ? 1 : 0;
                if (n > 0) v[r.nextInt(n)] = 1;
            }
            case ON_GRID -> { for (int i = 0; i < n; i++) v[i] = (between(-10, 9)) / 5.0 + 0.05; }
            case OFF_GRID -> { for (int i = 0; i < n; i++) v[i] = (between(-10, 9)) / 5.0 + 0.15; }
            case DISTINCT -> {
                int[] perm = permutation(n);
                double gap = Math.max(0.1, 4.0 / Math.max(n, 1));   // neighbours end up >= 0.75 gap apart
                for (int i = 0; i < n; i++) v[i] = (perm[i] - (n - 1) / 2.0) * gap + uniform(0, gap / 4);
            }
        }
        return Tensor.of(v, shape);
    }

    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1), t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** A random non-empty subset of 0..rank-1, as sorted axes (empty for rank 0). */
    public int[] axes(int rank) {
        if (rank == 0) return new int[0];
        java.util.List<Integer> out = new java.util.ArrayList<>();
        for (int d = 0; d < rank; d++) if (coin()) out.add(d);
        if (out.isEmpty()) out.add(r.nextInt(rank));
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** shape with random dims set to 1 and random leading dims dropped: an operand that broadcasts to it. */
    public int[] broadcastable(int[] shape) {
        int drop = shape.length == 0 ? 0 : r.nextInt(shape.length + 1) / 2;
        int[] out = java.util.Arrays.copyOfRange(shape, drop, shape.length);
        for (int d = 0; d < out.length; d++) if (r.nextInt(4) == 0) out[d] = 1;
        return out;
    }
}
