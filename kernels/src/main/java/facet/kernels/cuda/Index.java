package facet.kernels.cuda;

/**
 * Launchers of index.cu. Both walk the index's shape; the addressed tensor's axis stride is
 * zeroed in its walk strides and applied to the index value instead. err points at two ints
 * (zeroed before the launch) that receive {1, first bad index} when an index is out of range.
 */
public final class Index {
    private Index() {}

    /** out (contiguous over indexShape) = x[p with axis = index[p]]. */
    public static Launch gather(int[] indexShape, long index, int[] indexStrides, long x, int[] xStrides, int axis, int axisSize,
                                long out, long err) {
        int[] walk = xStrides.clone();
        walk[axis] = 0;
        Layout l = Layout.of(indexShape, indexStrides, walk);
        return Launch.loop("gather_f32", l.count(), new KernelArgs().sizes(l.sizes()).i64(l.count()).ptr(index).strides(l.strides(0))
                .ptr(x).strides(l.strides(1)).i64(xStrides[axis]).i32(axisSize).ptr(out).ptr(err));
    }

    /** target (contiguous, targetShape, zeroed) [p with axis = index[p]] += src[p] over indexShape. */
    public static Launch scatterAdd(int[] indexShape, long index, int[] indexStrides, long src, int[] srcStrides, int[] targetShape,
                                    int axis, long target, long err) {
        int[] walk = Layout.contiguous(targetShape);
        long axisStride = walk[axis];
        walk[axis] = 0;
        Layout l = Layout.of(indexShape, indexStrides, srcStrides, walk);
        return Launch.loop("scatter_add_f32", l.count(), new KernelArgs().sizes(l.sizes()).i64(l.count()).ptr(index)
                .strides(l.strides(0)).ptr(src).strides(l.strides(1)).ptr(target).strides(l.strides(2)).i64(axisStride)
                .i32(targetShape[axis]).ptr(err));
    }
}
