package facet.tensor;

import facet.kernels.BinaryOp;
import facet.kernels.ConvGeometry;
import facet.kernels.PoolGeometry;
import facet.kernels.ReduceOp;
import facet.kernels.UnaryOp;

/**
 * The primitive ops a device must implement; everything else in Facet is composed from these.
 * Inputs may be any strided view; outputs are new contiguous tensors unless stated otherwise.
 * Shape and dtype checks happen before a call reaches here (in {@link Tensor} and the op
 * classes), so a backend can assume well-formed arguments.
 */
public interface Backend {
    // ---- storage -------------------------------------------------------------------------

    /** A zero-filled buffer of n elements. */
    Storage allocate(DType dtype, int n);

    /** Storage holding a copy of (or, on the host, exactly) this array: float[], double[] or int[]. */
    Storage fromArray(Object array);

    /** The elements of t in row-major order, as a fresh host array of t's dtype. */
    Object toArray(Tensor t);

    /** dst[i] = src[i] over dst's shape (src already broadcast); converts dtypes. */
    void copy(Tensor src, Tensor dst);

    // ---- elementwise ---------------------------------------------------------------------

    Tensor unary(UnaryOp op, Tensor x);

    /** a and b have the same shape (broadcast views), dtype and device. */
    Tensor binary(BinaryOp op, Tensor a, Tensor b);

    /** cond (same float dtype), a and b have the same shape; nonzero cond picks a. */
    Tensor where(Tensor cond, Tensor a, Tensor b);

    // ---- reductions ----------------------------------------------------------------------

    /** op over the axes in {@code mask}; the result keeps them as size 1. */
    Tensor reduce(ReduceOp op, Tensor x, boolean[] mask);

    /** int32 index of the max (or min) along axis, first on ties; the axis is removed. */
    Tensor argReduce(boolean max, Tensor x, int axis);

    // ---- linear algebra and convolution --------------------------------------------------

    /** (..., M, K) x (..., K, N) -> (..., M, N), batch dims already equal. */
    Tensor matmul(Tensor a, Tensor b);

    /** x (N, C, H, W), w (O, C/groups, KH, KW) -> (N, O, OH, OW). */
    Tensor conv2d(Tensor x, Tensor w, ConvGeometry g);

    /** dOut (N, O, OH, OW), w -> dX (N, C, H, W). */
    Tensor conv2dBackwardInput(Tensor dOut, Tensor w, ConvGeometry g);

    /** x, dOut -> dW (O, C/groups, KH, KW). */
    Tensor conv2dBackwardWeight(Tensor x, Tensor dOut, ConvGeometry g);

    /** x (planes, H, W) -> {values (planes, OH, OW), int32 flat argmax within each plane}. */
    Tensor[] maxPool2d(Tensor x, PoolGeometry g);

    Tensor avgPool2d(Tensor x, PoolGeometry g, boolean countPad);

    /** dOut (planes, OH, OW) -> dX (planes, H, W). */
    Tensor avgPool2dBackward(Tensor dOut, PoolGeometry g, boolean countPad);

    // ---- indexing ------------------------------------------------------------------------

    /** out[p] = x[p with axis coordinate index[p]]; out has index's shape. */
    Tensor gather(Tensor x, int axis, Tensor index);

    /** zeros(shape), then out[p with axis coordinate index[p]] += src[p] for p over index's shape. */
    Tensor scatterAdd(int[] shape, int axis, Tensor index, Tensor src);

    /** Stable int32 argsort along axis. */
    Tensor argsort(Tensor x, int axis, boolean descending);

    // ---- random --------------------------------------------------------------------------

    enum Distribution { UNIFORM, NORMAL }

    /** Philox 4x32-10 numbers of the request starting at block {@code offset} under {@code seed}. */
    Tensor random(int[] shape, DType dtype, Distribution dist, long seed, long offset);
}
