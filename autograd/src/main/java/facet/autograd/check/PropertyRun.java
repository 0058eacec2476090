package facet.autograd.check;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * Runs the gradient and precision properties of one op over seeded random cases, and shrinks
 * the first failure to the smallest dims that still fail (same seed, so same values' recipe).
 */
public final class PropertyRun {
    private PropertyRun() {}

    /** The pass mark of the analytic-vs-numerical gradient check. */
    public static final double GRAD_TOLERANCE = 1e-6;
    private static final int SHRINK_BUDGET = 200;

    /** One evaluated case. */
    public record Outcome(int[] dims, long seed, String inputs, GradCheck.Result grad, GradCheck.Result f32, String error) {
        public boolean passed(double f32Tolerance) {
            return error == null && grad.error() <= GRAD_TOLERANCE && f32.error() <= f32Tolerance;
        }

        /** One readable paragraph: what failed, on which inputs, and how to rerun it. */
        public String describe(String op) {
            String why = error != null ? "threw " + error
                    : grad.error() > GRAD_TOLERANCE || Double.isNaN(grad.error())
                    ? String.format("gradient error %.3g at %s", grad.error(), grad.where())
                    : String.format("float32 error %.3g at %s", f32.error(), f32.where());
            return op + " failed on " + inputs + ": " + why + "\n  rerun: ./facet gradcheck --op " + op + " --seed " + seed
                    + " --dims " + Arrays.stream(dims).mapToObj(String::valueOf).collect(Collectors.joining(","));
        }
    }

    /** Cases tried, the worst errors seen, and the shrunk first failure (null if all passed). */
    public record Report(String op, int cases, double worstGrad, double worstF32, double f32Tolerance, Outcome failure) {
        public boolean passed() { return failure == null; }
    }

    /** The seed of case i of op under a master seed: stable across runs and independent between ops. */
    public static long caseSeed(long master, String op, int i) {
        return new SplittableRandom(master ^ ((long) op.hashCode() << 32) ^ (i * 0x9E3779B97F4A7C15L)).nextLong();
    }

    public static Report run(OpSpec spec, int cases, long master) {
        double worstGrad = 0, worstF32 = 0;
        for (int i = 0; i < cases; i++) {
            long seed = caseSeed(master, spec.name, i);
            int[] dims = spec.randomDims(new SplittableRandom(seed));
            Outcome o = evaluate(spec, dims, seed);
            if (!o.passed(spec.f32Tolerance())) {
                return new Report(spec.name, i + 1, Math.max(worstGrad, o.grad.error()), Math.max(worstF32, o.f32.error()),
                        spec.f32Tolerance(), shrink(spec, o));
            }
            worstGrad = Math.max(worstGrad, o.grad.error());
            worstF32 = Math.max(worstF32, o.f32.error());
        }
        return new Report(spec.name, cases, worstGrad, worstF32, spec.f32Tolerance(), null);
    }

    /** Builds and checks one case; an exception is a failure with its message, never a crash. */
    public static Outcome evaluate(OpSpec spec, int[] dims, long seed) {
        String inputs = Arrays.toString(dims);
        try {
            OpSpec.Instance inst = spec.build(dims, seed);
            inputs = inst.inputs().stream().map(Input::describe).collect(Collectors.joining(", "));
            GradCheck.Result g = GradCheck.gradient(inst.f(), inst.inputs(), seed);
            GradCheck.Result p = GradCheck.precision(inst.f(), inst.inputs(), seed);
            return new Outcome(dims, seed, inputs, g, p, null);
        } catch (RuntimeException e) {
            return new Outcome(dims, seed, inputs, GradCheck.Result.NONE, GradCheck.Result.NONE,
                    e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Greedy: take the first smaller neighbour that still fails, until none does or the budget is spent. */
    static Outcome shrink(OpSpec spec, Outcome failing) {
        Outcome best = failing;
        int budget = SHRINK_BUDGET;
        boolean progress = true;
        while (progress && budget > 0) {
            progress = false;
            List<int[]> candidates = spec.shrinks(best.dims());
            for (int[] d : candidates) {
                if (budget-- <= 0) break;
                Outcome o = evaluate(spec, d, best.seed());
                if (!o.passed(spec.f32Tolerance())) {
                    best = o;
                    progress = true;
                    break;
                }
            }
        }
        return best;
    }
}
