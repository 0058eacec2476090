package facet.bench;

import facet.kernels.plan.KernelPlans;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./facet bench ...}: kernel and training-step throughput, and the JMH suite. */
@Command(name = "facet bench", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "Facet 0.1.0",
        description = "Benchmarks: ms and GFLOP/s (flop counts printed beside them).",
        subcommands = {GemmCommand.class, ConvCommand.class, AttentionCommand.class, EsgmOpsCommand.class, GeluCommand.class, StepCommand.class, JmhCommand.class,
                PlanCommand.class, PeakCommand.class})
public final class BenchMain implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "a benchmark is required");
    }

    public static void main(String[] args) {
        String badPlan = KernelPlans.problem();
        if (badPlan != null) {
            System.err.println("facet bench: " + badPlan);
            System.exit(2);
        }
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }
}
