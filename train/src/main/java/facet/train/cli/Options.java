package facet.train.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Range checks for option values, run before a command starts work: one sentence naming the option and the range. */
final class Options {
    private Options() {}

    static long range(CommandSpec spec, String option, long value, long min, long max) {
        if (value < min || value > max) throw new ParameterException(spec.commandLine(), option + " must be " + between(min, max) + ", got " + value);
        return value;
    }

    static int range(CommandSpec spec, String option, int value, int min, int max) { return (int) range(spec, option, (long) value, min, max); }

    /** min < value <= max when openMin, else min <= value <= max. */
    static double range(CommandSpec spec, String option, double value, double min, boolean openMin, double max) {
        boolean ok = (openMin ? value > min : value >= min) && value <= max; // NaN fails both
        if (!ok) {
            throw new ParameterException(spec.commandLine(), option + " must be " + (openMin ? "above " : "at least ") + min
                    + (max < Double.MAX_VALUE ? " and at most " + max : "") + ", got " + value);
        }
        return value;
    }

    static ParameterException bad(CommandSpec spec, String sentence) { return new ParameterException(spec.commandLine(), sentence); }

    private static String between(long min, long max) {
        return max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
    }
}
