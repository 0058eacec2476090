package facet.train.cli;

import facet.autograd.check.Catalog;
import facet.autograd.check.OpSpec;
import facet.autograd.check.PropertyRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs the gradient-check properties of every differentiable op and prints one row per op.
 * Exits 1 if any op fails. With --seed and --dims it reruns exactly one case (as printed by a failure).
 */
@Command(name = "gradcheck", description = "Analytic vs numerical gradients (float64) and float32 vs float64, for every op.")
final class GradCheckCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    /** The master seed the test suite uses too, so both see the same cases. */
    static final long DEFAULT_SEED = 20261127L;

    @Option(names = "--cases", description = "random cases per op (default ${DEFAULT-VALUE})")
    int cases = 30;

    @Option(names = "--seed", description = "master seed, or with --dims the seed of one case")
    Long seed;

    @Option(names = "--op", description = "only this op")
    String op;

    @Option(names = "--dims", split = ",", description = "with --op and --seed: rerun the one case with these dims")
    int[] dims;

    @Override public Integer call() {
        Options.range(spec, "--cases", cases, 1, 100_000);
        List<OpSpec> specs;
        try {
            specs = op == null ? Catalog.all() : List.of(Catalog.byName(op));
        } catch (IllegalArgumentException e) {
            throw Options.bad(spec, "--op: " + e.getMessage().replaceFirst("^gradcheck: ", ""));
        }
        if (dims != null) {
            if (op == null || seed == null) throw Options.bad(spec, "--dims needs --op and --seed too (the op and case seed a failure prints)");
            if (!specs.getFirst().valid(dims)) {
                throw Options.bad(spec, "--dims " + Arrays.toString(dims) + " is not a valid case of " + op + " (use the dims a failure prints)");
            }
            return single(specs.getFirst());
        }
        long master = seed == null ? DEFAULT_SEED : seed;
        System.out.printf("%-18s %6s %16s %22s  %s%n", "op", "cases", "worst grad err", "worst f32 err (tol)", "result");
        int failed = 0, total = 0;
        long t0 = System.nanoTime();
        for (OpSpec s : specs) {
            PropertyRun.Report r = PropertyRun.run(s, cases, master);
            total += r.cases();
            System.out.printf("%-18s %6d %16.2e %14.2e (%.0e)  %s%n", r.op(), r.cases(), r.worstGrad(), r.worstF32(),
                    r.f32Tolerance(), r.passed() ? "pass" : "FAIL");
            if (!r.passed()) {
                failed++;
                System.out.println("  " + r.failure().describe(r.op()).replace("\n", "\n  "));
            }
        }
        System.out.printf("%d ops, %d cases, %.1f s: %s%n", specs.size(), total, (System.nanoTime() - t0) / 1e9,
                failed == 0 ? "all pass" : failed + " failed");
        return failed == 0 ? 0 : 1;
    }

    private int single(OpSpec s) {
        PropertyRun.Outcome o = PropertyRun.evaluate(s, dims, seed);
        boolean ok = o.passed(s.f32Tolerance());
        System.out.println(ok ? s.name + " passed on " + o.inputs() + String.format(": grad err %.2e, f32 err %.2e", o.grad().error(), o.f32().error())
                : o.describe(s.name));
        return ok ? 0 : 1;
    }
}
