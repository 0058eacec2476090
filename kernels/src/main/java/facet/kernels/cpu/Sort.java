package facet.kernels.cpu;

/**
 * Stable argsort along one axis: a bottom-up merge sort of indices per row, so equal values keep
 * their index order in both directions. NaN sorts above every number (Float.compare order).
 * O(n log n) per row; out is int32 with x's shape, contiguous.
 */
public final class Sort {
    private Sort() {}

    public static void argsort(float[] x, int xOff, int[] xStrides, int[] shape, int axis, boolean descending, int[] out) {
        int n = shape[axis], as = xStrides[axis];
        int[] outStrides = Strided.contiguous(shape);
        int outAxisStride = outStrides[axis];
        int[] rowShape = shape.clone();
        rowShape[axis] = 1;
        float[] key = new float[n];
        int[] idx = new int[n], tmp = new int[n];
        Strided plan = new Strided(rowShape, outStrides, xStrides);
        int len = plan.len, os = plan.innerStride(0), xs = plan.innerStride(1);
        plan.forEachRow(new int[] {0, xOff}, p -> {
            for (int j = 0, o = p[0], xi = p[1]; j < len; j++, o += os, xi += xs) {
                for (int i = 0; i < n; i++) {
                    key[i] = x[xi + i * as];
                    idx[i] = i;
                }
                mergeSort(key, idx, tmp, descending);
                for (int i = 0; i < n; i++) out[o + i * outAxisStride] = idx[i];
            }
        });
    }

    private static void mergeSort(float[] key, int[] idx, int[] tmp, boolean desc) {
        int n = idx.length;
        int[] src = idx, dst = tmp;
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n), hi = Math.min(lo + 2 * width, n);
                int i = lo, j = mid, k = lo;
                while (i < mid && j < hi) {
                    int c = Float.compare(key[src[j]], key[src[i]]);
                    // take from the right run only when strictly before the left: stability
                    dst[k++] = (desc ? c > 0 : c < 0) ? src[j++] : src[i++];
                }
                while (i < mid) dst[k++] = src[i++];
                while (j < hi) dst[k++] = src[j++];
            }
            int[] t = src; src = dst; dst = t;
        }
        if (src != idx) System.arraycopy(src, 0, idx, 0, n);
    }
}
