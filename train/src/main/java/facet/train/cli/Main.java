package facet.train.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code facet} command line. The bash launcher builds the project, handles {@code test}
 * itself (it runs Maven) and passes everything else here.
 */
@Command(name = "facet", mixinStandardHelpOptions = true, version = "Facet 0.1.0",
        description = "A from-scratch deep-learning stack, and ESGM + PDED on top of it.",
        subcommands = {InfoCommand.class, GradCheckCommand.class, ModelCommand.class},
        footer = "%n  test       run the whole test suite (handled by the ./facet launcher)")
public final class Main implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() {
        spec.commandLine().usage(System.err);
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; unknown subcommands and bad options exit with 2. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
