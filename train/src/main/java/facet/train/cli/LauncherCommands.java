package facet.train.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Subcommands the {@code ./facet} launcher runs itself (Maven, the bench module), listed here so
 * that {@code --help} shows them beside the others. Reached only when Main is run directly.
 */
final class LauncherCommands {
    private LauncherCommands() {}

    @Command(name = "test", description = "Run the whole test suite (Maven; extra words go to mvn, e.g. -pl train).")
    static final class Test implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "run it as ./facet test (the launcher runs Maven)"); }
    }

    @Command(name = "bench", description = "Benchmarks: gemm, conv, attention, step, jmh (./facet bench <name> --help).")
    static final class Bench implements Runnable {
        @CommandLine.Spec CommandLine.Model.CommandSpec spec;

        @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "run it as ./facet bench <name> (the bench module)"); }
    }
}
