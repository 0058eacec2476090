package facet.train.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code facet} command line. The bash launcher builds the project, handles {@code test}
 * itself (it runs Maven) and passes everything else here.
 */
@Command(name = "facet", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, version = "Facet 0.1.0",
        description = "A from-scratch deep-learning stack, and ESGM + PDED on top of it.",
        subcommands = {InfoCommand.class, GradCheckCommand.class, ModelCommand.class, SynthCommand.class, DataCommand.class, facet.train.run.ConfigCommand.class},
        footer = {"%n  test       run the whole test suite (handled by the ./facet launcher)",
                "  bench      benchmarks: gemm, conv, step, attention (handled by the ./facet launcher)"})
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
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        // picocli prints "Did you mean ...?" instead of the usage when an unknown word shares a
        // letter pair with a subcommand name; print the usage after the suggestions either way
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.usage(c.getErr());
            return c.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cl;
    }
}
