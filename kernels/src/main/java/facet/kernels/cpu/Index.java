package facet.kernels.cpu;

/**
 * Gather and scatter-add along one axis, with an int32 index of the output's shape. The walk is
 * over the index's shape; the source (or target) is addressed with its own strides, the axis
 * coordinate replaced by the index value.
 */
public final class Index {
    private Index() {}

    /**
     * out[p] = x[p with coordinate {@code axis} = index[p]]; out contiguous over {@code shape}
     * (the index's shape). x is addressed through xStrides with x's axis size {@code axisSize}.
     */
    public static void gather(float[] x, int xOff, int[] xStrides, int axis, int axisSize,
                              int[] index, int iOff, int[] iStrides, int[] shape, float[] out) {
        int axisStride = xStrides[axis];
        int[] walk = xStrides.clone();
        walk[axis] = 0;
        Strided plan = new Strided(shape, Strided.contiguous(shape), iStrides, walk);
        int len = plan.len, is = plan.innerStride(1), xs = plan.innerStride(2);
        plan.forEachRow(new int[] {0, iOff, xOff}, p -> {
            for (int j = 0, ii = p[1], xi = p[2]; j < len; j++, ii += is, xi += xs) {
                out[p[0] + j] = x[xi + check("gather", index[ii], axis, axisSize) * axisStride];
            }
        });
    }

    /**
     * target[p with coordinate {@code axis} = index[p]] += src[p] for p over {@code shape}
     * (the index's shape); target is contiguous with {@code targetShape}.
     */
    public static void scatterAdd(float[] target, int[] targetShape, int axis,
                                  int[] index, int iOff, int[] iStrides,
                                  float[] src, int sOff, int[] sStrides, int[] shape) {
        int[] tStrides = Strided.contiguous(targetShape);
        int axisStride = tStrides[axis], axisSize = targetShape[axis];
        tStrides[axis] = 0;
        Strided plan = new Strided(shape, tStrides, iStrides, sStrides);
        int len = plan.len, ts = plan.innerStride(0), is = plan.innerStride(1), ss = plan.innerStride(2);
        plan.forEachRow(new int[] {0, iOff, sOff}, p -> {
            for (int j = 0, ti = p[0], ii = p[1], si = p[2]; j < len; j++, ti += ts, ii += is, si += ss) {
                target[ti + check("scatter_add", index[ii], axis, axisSize) * axisStride] += src[si];
            }
        });
    }

    static int check(String op, int i, int axis, int size) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(op + ": index " + i + " is out of range for axis " + axis + " of size " + size);
        }
        return i;
    }
}
