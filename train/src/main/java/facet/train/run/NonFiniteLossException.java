package facet.train.run;

/** A logged value turned NaN or infinite: the run stops, and the last checkpoint on disk is the last good one. */
public final class NonFiniteLossException extends RuntimeException {
    public final long step;
    public final String name;

    NonFiniteLossException(String phase, long step, int epoch, String name, double value, String checkpoint) {
        super((phase.isEmpty() ? "" : phase + ": ") + "loss '" + name + "' is " + value + " at step " + step + " (epoch " + (epoch + 1)
                + "); stopped, " + checkpoint);
        this.step = step;
        this.name = name;
    }
}
