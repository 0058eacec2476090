package facet.autograd.check;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * How to generate cases of one differentiable op. A case is a vector of integer dims plus a
 * seed: either a shape of variable rank (elementwise ops, reductions, views) or a fixed list of
 * sizes and parameters (matmul's B, M, K, N; convolution's channels, kernel, stride...). The
 * builder turns (dims, seed) into inputs and the function to check, so shrinking only has to
 * make the dims smaller.
 */
public final class OpSpec {
    /** Turns a case into inputs and the function of them under test. */
    @FunctionalInterface
    public interface Builder {
        Instance build(int[] dims, Gen g);
    }

    /** A built case. */
    public record Instance(List<Input> inputs, GradCheck.Fn f) {}

    public final String name;
    private final boolean variableRank;
    private final int[] lo, hi;              // fixed: bounds per entry; variable: {minRank, size lo} / {maxRank, size hi}
    private final Builder builder;
    private Predicate<int[]> valid = d -> true;
    private double f32Tolerance = 1e-4;

    private OpSpec(String name, boolean variableRank, int[] lo, int[] hi, Builder builder) {
        this.name = name;
        this.variableRank = variableRank;
        this.lo = lo;
        this.hi = hi;
        this.builder = builder;
    }

    /** Cases are shapes of rank minRank..maxRank with sizes 1..maxSize. */
    public static OpSpec shaped(String name, int minRank, int maxRank, int maxSize, Builder b) {
        return new OpSpec(name, true, new int[] {minRank, 1}, new int[] {maxRank, maxSize}, b);
    }

    /** Cases are fixed-length vectors with entry i in lo[i]..hi[i]. */
    public static OpSpec sized(String name, int[] lo, int[] hi, Builder b) {
        return new OpSpec(name, false, lo, hi, b);
    }

    /** Restricts cases (and shrink candidates) to dims that satisfy the predicate. */
    public OpSpec where(Predicate<int[]> p) {
        this.valid = p;
        return this;
    }

    /** The float32-vs-float64 bound for this op, when the default 1e-4 is too tight for its arithmetic. */
    public OpSpec f32Tolerance(double t) {
        this.f32Tolerance = t;
        return this;
    }

    public double f32Tolerance() { return f32Tolerance; }

    public Instance build(int[] dims, long seed) { return builder.build(dims, new Gen(seed)); }

    public boolean valid(int[] dims) {
        if (variableRank) {
            if (dims.length < lo[0] || dims.length > hi[0]) return false;
            for (int d : dims) if (d < lo[1] || d > hi[1]) return false;
        } else {
            if (dims.length != lo.length) return false;
            for (int i = 0; i < dims.length; i++) if (dims[i] < lo[i] || dims[i] > hi[i]) return false;
        }
        return valid.test(dims);
    }

    /** Random valid dims (rejection sampling; every spec has a valid region that is not tiny). */
    public int[] randomDims(SplittableRandom r) {
        for (int attempt = 0; attempt < 10_000; attempt++) {
            int[] d;
            if (variableRank) {
                d = new int[lo[0] + r.nextInt(hi[0] - lo[0] + 1)];
                for (int i = 0; i < d.length; i++) d[i] = lo[1] + r.nextInt(hi[1] - lo[1] + 1);
            } else {
                d = new int[lo.length];
                for (int i = 0; i < d.length; i++) d[i] = lo[i] + r.nextInt(hi[i] - lo[i] + 1);
            }
            if (valid(d)) return d;
        }
        throw new IllegalStateException(name + ": no valid case found; check the spec's bounds and predicate");
    }

    /** Smaller neighbours of dims, most aggressive first: fewer dims, then each entry at its minimum, halved, minus one. */
    public List<int[]> shrinks(int[] dims) {
        List<int[]> out = new ArrayList<>();
        if (variableRank) {
            for (int i = 0; i < dims.length; i++) {
                int[] d = new int[dims.length - 1];
                for (int j = 0, k = 0; j < dims.length; j++) if (j != i) d[k++] = dims[j];
                out.add(d);
            }
        }
        for (int i = 0; i < dims.length; i++) {
            int min = variableRank ? lo[1] : lo[i];
            for (int v : new int[] {min, dims[i] / 2, dims[i] - 1}) {
                if (v >= min && v < dims[i]) {
                    int[] d = dims.clone();
                    d[i] = v;
                    out.add(d);
                }
            }
        }
        out.removeIf(d -> !valid(d));
        List<int[]> unique = new ArrayList<>();
        for (int[] d : out) if (unique.stream().noneMatch(u -> Arrays.equals(u, d))) unique.add(d);
        return unique;
    }
}
