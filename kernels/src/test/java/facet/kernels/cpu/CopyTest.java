package facet.kernels.cpu;

import facet.kernels.Scope;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Strided copies against an element-by-element walk: permutations, steps, offsets, broadcast
 * sources and casts, small and large enough to run on several threads, and a short innermost
 * row walked along a longer dim.
 */
class CopyTest {
    /** dst[dOff + sum idx*dst] = src[sOff + sum idx*src] for every index, in row-major order. */
    static void reference(float[] src, int sOff, int[] ss, float[] dst, int dOff, int[] ds, int[] shape) {
        int n = 1;
        for (int s : shape) n *= s;
        int[] idx = new int[shape.length];
        for (int e = 0; e < n; e++) {
            int si = sOff, di = dOff;
            for (int d = 0; d < shape.length; d++) { si += idx[d] * ss[d]; di += idx[d] * ds[d]; }
            dst[di] = src[si];
            for (int d = shape.length - 1; d >= 0 && ++idx[d] == shape[d]; d--) idx[d] = 0;
        }
    }

    /** A random copy: the source a permuted, stepped (sometimes broadcast) view of a bigger array, the destination contiguous or permuted. */
    static void randomCase(Random r, int maxElements) {
        int rank = 1 + r.nextInt(6);
        int[] shape = new int[rank];
        long n = 1;
        for (int d = 0; d < rank; d++) {
            shape[d] = 1 + r.nextInt(r.nextBoolean() ? 4 : 40);
            if (n * shape[d] > maxElements) shape[d] = 1;
            n *= shape[d];
        }
        int[] ss = stridesOf(r, shape, true), ds = stridesOf(r, shape, false);
        float[] src = new float[span(shape, ss) + 7];
        for (int i = 0; i < src.length; i++) src[i] = i + 0.5f;
        int sOff = r.nextInt(4), dOff = r.nextInt(4);
        float[] dst = new float[span(shape, ds) + dOff + 1], want = dst.clone();
        java.util.Arrays.fill(dst, -1f);
        java.util.Arrays.fill(want, -1f);
        reference(src, sOff, ss, want, dOff, ds, shape);
        Copy.copy(src, sOff, ss, dst, dOff, ds, shape);
        assertArrayEquals(want, dst, () -> "shape " + java.util.Arrays.toString(shape) + " src strides " + java.util.Arrays.toString(ss)
                + " dst strides " + java.util.Arrays.toString(ds));
    }

    /** Strides of a permuted layout of shape, the source's sometimes stepped or broadcast (stride 0). */
    static int[] stridesOf(Random r, int[] shape, boolean source) {
        int rank = shape.length;
        int[] order = new int[rank];
        for (int i = 0; i < rank; i++) order[i] = i;
        for (int i = rank - 1; i > 0; i--) { int j = r.nextInt(i + 1), t = order[i]; order[i] = order[j]; order[j] = t; }
        int[] st = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--) {
            int d = order[i];
            int step = source && r.nextInt(5) == 0 ? 2 : 1;
            st[d] = source && r.nextInt(8) == 0 ? 0 : s * step;
            s *= shape[d] * step;
        }
        return st;
    }

    static int span(int[] shape, int[] st) {
        int m = 0;
        for (int d = 0; d < shape.length; d++) m += (shape[d] - 1) * st[d];
        return m + 1;
    }

    @Test
    void randomStridedCopiesMatchAnElementWalk() {
        Random r = new Random(23);
        for (int threads : new int[] {1, 2, 3}) {
            try (Scope scope = Parallel.withThreads(threads)) {
                for (int c = 0; c < 300; c++) randomCase(r, c % 3 == 0 ? 400_000 : 5_000);
            }
        }
    }

    @Test
    void aPatchifyWalksTheSourcesContiguousDimInsteadOfRowsOfThreeChannels() {
        // (B, C, H, W) = (2, 3, 16, 16) read as (B, H/8, W/8, 8, 8, C): the destination's last dim is 3 long
        int[] shape = {2, 2, 2, 8, 8, 3}, src = {768, 128, 8, 16, 1, 256}, dst = Strided.contiguous(shape);
        assertEquals(3, new Strided(shape, src, dst).len);
        assertEquals(8, Copy.plan(shape, src, dst).len, "the walk should run along the 8 adjacent source pixels");
        float[] x = new float[2 * 3 * 16 * 16], y = new float[x.length], want = new float[x.length];
        for (int i = 0; i < x.length; i++) x[i] = i;
        reference(x, 0, src, want, 0, dst, shape);
        Copy.copy(x, 0, src, y, 0, dst, shape);
        assertArrayEquals(want, y);
    }

    @Test
    void aBroadcastDestinationKeepsTheLastWriteOfEachElement() {
        int[] shape = {70_000, 2}, src = {2, 1}, dst = {0, 1};
        float[] x = new float[140_000], y = new float[2];
        for (int i = 0; i < x.length; i++) x[i] = i;
        try (Scope scope = Parallel.withThreads(2)) {
            Copy.copy(x, 0, src, y, 0, dst, shape);
        }
        assertArrayEquals(new float[] {139_998f, 139_999f}, y);
    }

    @Test
    void castsCopyEveryElement() {
        int[] shape = {300, 257}, st = Strided.contiguous(shape), tr = {1, 300};
        float[] f = new float[300 * 257];
        for (int i = 0; i < f.length; i++) f[i] = i - 0.75f;
        int[] n = new int[f.length];
        double[] d = new double[f.length];
        try (Scope scope = Parallel.withThreads(2)) {
            Copy.copy(f, 0, st, n, 0, st, shape);
            Copy.copy(f, 0, tr, d, 0, st, shape);
        }
        for (int i = 0; i < f.length; i++) assertEquals((int) f[i], n[i]);
        for (int i = 0; i < 300; i++) for (int j = 0; j < 257; j++) assertEquals(f[j * 300 + i], d[i * 257 + j]);
    }

    @Test
    void aLargeFillStopsAtItsBounds() {
        float[] x = new float[300_001];
        try (Scope scope = Parallel.withThreads(2)) {
            java.util.Arrays.fill(x, 9f);
            Copy.fill(x, 5, x.length - 3, 0);
        }
        for (int i = 0; i < x.length; i++) assertEquals(i < 5 || i >= x.length - 3 ? 9f : 0f, x[i], "element " + i);
        assertTrue(x.length - 8 >= 1 << 16, "the fill should be large enough to run on all threads");
    }

    @Test
    void aSmallFillStopsAtItsBounds() {
        float[] x = new float[100];
        java.util.Arrays.fill(x, 9f);
        Copy.fill(x, 5, 97, 0.5);
        for (int i = 0; i < x.length; i++) assertEquals(i < 5 || i >= 97 ? 9f : 0.5f, x[i], "element " + i);
    }
}
