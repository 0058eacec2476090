package facet.tensor;

import facet.kernels.Epilogue;

/**
 * Which statistics a normalize computes, stated by the caller rather than read off the axes:
 * {@link #BATCH} norm of x (N, C, ...) per channel C, over every dim but 1; or {@link #layer} norm
 * of x (..., D1..Dk) per leading index, over its last k dims. gamma and beta broadcast against x:
 * (1, C, 1, ...) for batch norm, (D1..Dk) for layer norm.
 */
public sealed interface NormLayout {
    record Batch() implements NormLayout {}

    /** dims: how many trailing dims are normalised together. */
    record Layer(int dims) implements NormLayout {}

    NormLayout BATCH = new Batch();

    static NormLayout layer(int dims) { return new Layer(dims); }

    /** The reduced axes for x of the given rank. */
    default int[] axes(int rank) {
        return switch (this) {
            case Batch b -> java.util.stream.IntStream.range(0, rank).filter(a -> a != 1).toArray();
            case Layer l -> java.util.stream.IntStream.range(rank - l.dims(), rank).toArray();
        };
    }

    /** How many features gamma and beta hold: C for batch norm, D1 * ... * Dk for layer norm. */
    default int features(int[] shape) {
        return switch (this) {
            case Batch b -> shape[1];
            case Layer l -> Shape.numel(java.util.Arrays.copyOfRange(shape, shape.length - l.dims(), shape.length));
        };
    }

    /** Refuses x, gamma, beta or a residual this layout cannot normalise, in one sentence naming the tensor. */
    default void check(String op, Tensor x, Tensor gamma, Tensor beta, Epilogue<Tensor> epilogue) {
        int r = x.dim();
        boolean rankOk = switch (this) {
            case Batch b -> r >= 2;
            case Layer l -> l.dims() >= 1 && l.dims() <= r;
        };
        if (!rankOk) throw new IllegalArgumentException(op + ": " + this + " cannot normalise x " + Shape.str(x.shape()));
        for (Tensor t : new Tensor[] {gamma, beta}) {
            if (t == null || fits(x.shape(), t.shape())) continue;
            throw new IllegalArgumentException(op + ": " + this + " of x " + Shape.str(x.shape()) + " takes gamma and beta of "
                    + features(x.shape()) + " features broadcast along the normalised dims, got " + Shape.str(t.shape()));
        }
        if (epilogue instanceof Epilogue.AddRelu<Tensor> a && !java.util.Arrays.equals(a.residual().shape(), x.shape())) {
            throw new IllegalArgumentException(op + ": the residual " + Shape.str(a.residual().shape()) + " must have x's shape "
                    + Shape.str(x.shape()));
        }
    }

    /** gamma's shape as this layout takes it: the features in their own dims, ones elsewhere (leading ones may be left out). */
    private boolean fits(int[] x, int[] t) {
        if (Shape.numel(t) != features(x) || t.length > x.length) return false;
        int lead = x.length - t.length;
        for (int i = 0; i < t.length; i++) {
            int a = lead + i;
            boolean normalised = switch (this) {
                case Batch b -> a == 1;
                case Layer l -> a >= x.length - l.dims();
            };
            if (t[i] != (normalised ? x[a] : 1)) return false;
        }
        return true;
    }
}
