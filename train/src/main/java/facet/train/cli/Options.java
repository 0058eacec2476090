package facet.train.cli;

import facet.kernels.cuda.CudaDevice;
import facet.tensor.Device;
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

    /**
     * The device a --device value names, checked usable before a command makes a folder or loads
     * anything: a bad name, or a GPU this machine lacks, is one sentence and exit 2, not a stack
     * trace from the first tensor moved there.
     */
    static Device device(CommandSpec spec, String name) {
        Device d;
        try {
            d = Device.parse(name);
        } catch (IllegalArgumentException e) {
            throw bad(spec, "--device " + e.getMessage());
        }
        String why = d.kind() == Device.Kind.CUDA ? CudaDevice.unavailableReason(d.index()) : null;
        if (why != null) throw bad(spec, "--device " + name + ": " + d + " is not available (" + why + ")");
        return d;
    }

    static ParameterException bad(CommandSpec spec, String sentence) { return new ParameterException(spec.commandLine(), sentence); }

    private static String between(long min, long max) {
        return max == Long.MAX_VALUE || max == Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
    }
}
