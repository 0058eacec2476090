package facet.train.cli;

import facet.nn.io.SafeTensors;
import facet.train.data.BadInputException;
import facet.train.data.Text;
import facet.train.data.formats.NotThisFormatException;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/**
 * The one place that turns what a command throws into what the user sees: one line naming
 * the command and what is wrong, and an exit code. 2: a usage error (unknown word, bad option
 * value); the usage is printed too when the command itself was not understood. 1: bad input
 * (a damaged file, a folder that is not the format claimed, an output that would destroy
 * something). Anything else is a bug and prints its stack trace; {@code --debug} prints it always.
 */
final class Failures {
    private Failures() {}

    static final int BAD_INPUT = 1, USAGE = 2;

    /** A command with subcommands was given none. */
    static final class MissingSubcommand extends ParameterException {
        MissingSubcommand(CommandLine c) { super(c, "a subcommand is required"); }
    }

    static int usage(ParameterException ex, String[] args) {
        CommandLine c = ex.getCommandLine();
        PrintWriter err = c.getErr();
        err.println(prefix(c) + Text.printable(ex.getMessage()));
        if (ex instanceof CommandLine.UnmatchedArgumentException || ex instanceof MissingSubcommand) {
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
            c.usage(err);
        }
        if (debug(c)) ex.printStackTrace(err);
        err.flush();
        return USAGE;
    }

    static int failed(Exception ex, CommandLine c, CommandLine.ParseResult parsed) {
        PrintWriter err = c.getErr();
        String why = badInput(ex);
        if (why == null) {
            err.println(prefix(c) + "internal error (a bug, please report it with this trace): " + ex);
            ex.printStackTrace(err);
        } else {
            err.println(prefix(c) + Text.printable(why));
            if (debug(c)) ex.printStackTrace(err);
        }
        err.flush();
        return BAD_INPUT;
    }

    /** The one-line reason when ex is bad input (ours, or the file system's answer about a path), else null. */
    static String badInput(Throwable ex) {
        return switch (ex) {
            case BadInputException e -> e.getMessage();
            case NotThisFormatException e -> e.getMessage();
            case SafeTensors.FormatException e -> e.getMessage();
            case NoSuchFileException e -> e.getFile() + ": no such file or folder";
            case AccessDeniedException e -> e.getFile() + ": permission denied";
            case IOException e -> e.getMessage() != null ? e.getMessage() : e.toString();
            case UncheckedIOException e -> badInput(e.getCause());
            case IllegalArgumentException e -> e.getMessage(); // a value our own code refused
            default -> null;
        };
    }

    private static String prefix(CommandLine c) { return c.getCommandSpec().qualifiedName() + ": "; }

    /** Whether --debug was given anywhere on the line (it is inherited by every subcommand). */
    private static boolean debug(CommandLine c) {
        CommandLine root = c;
        while (root.getParent() != null) root = root.getParent();
        return root.getCommand() instanceof Main m && m.debug;
    }
}
