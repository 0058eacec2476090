package facet.train.cli;

import facet.kernels.plan.KernelPlans;
import facet.train.run.RunPlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code facet} command line. The bash launcher builds the project, handles {@code test}
 * and {@code bench} itself and passes everything else here.
 *
 * <p>A subcommand gets the failure handling for free: it throws, and {@link Failures} turns the
 * exception into one line and an exit code (2 for a bad option or argument, picocli's
 * {@code ParameterException}; 1 for bad input such as a damaged file or a refused output
 * folder); {@code --debug} adds the stack trace. Commands that write take {@link OutputOptions}
 * as a {@code @Mixin} for {@code --overwrite}.
 */
@Command(name = "facet", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "Facet 0.1.0",
        description = "A from-scratch deep-learning stack, and ESGM + PDED on top of it.",
        subcommands = {InfoCommand.class, GradCheckCommand.class, ModelCommand.class, SynthCommand.class, DataCommand.class,
                ConfigCommand.class, DemoCommand.class, PretrainCommand.class, FinetuneCommand.class, EvalCommand.class, AblateCommand.class, TableCommand.class,
                LauncherCommands.Test.class, LauncherCommands.Bench.class})
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "on failure, print the Java stack trace too")
    boolean debug;

    @Override public void run() { throw new Failures.MissingSubcommand(spec.commandLine()); }

    public static void main(String[] args) {
        RunPlan.adopt(args);   // before any kernel class initialises: a resumed run keeps its kernel plan
        String badPlan = KernelPlans.problem();
        if (badPlan != null) {
            System.err.println("facet: " + badPlan);
            System.exit(Failures.USAGE);
        }
        System.exit(commandLine().execute(args));
    }

    /** The configured command line: every failure goes through {@link Failures}. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler(Failures::usage);
        cl.setExecutionExceptionHandler(Failures::failed);
        return cl;
    }
}
