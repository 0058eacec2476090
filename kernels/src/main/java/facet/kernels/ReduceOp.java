package facet.kernels;

/** Reductions over a set of axes. Mean and variance are composed from SUM by the tensor layer. */
public enum ReduceOp {
    SUM(0.0), MAX(Double.NEGATIVE_INFINITY), MIN(Double.POSITIVE_INFINITY);

    /** The value of the reduction over an empty set. */
    public final double identity;

    ReduceOp(double identity) { this.identity = identity; }

    public double combine(double acc, double x) {
        return switch (this) {
            case SUM -> acc + x;
            // NaN propagates, as in NumPy's max/min.
            case MAX -> (x > acc || Double.isNaN(x)) ? x : acc;
            case MIN -> (x < acc || Double.isNaN(x)) ? x : acc;
        };
    }
}
