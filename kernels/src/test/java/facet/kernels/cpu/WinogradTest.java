package facet.kernels.cpu;

import facet.kernels.ConvGeometry;
import facet.kernels.Scope;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Winograd F(2x2, 3x3) against a float64 direct convolution, called directly (the dispatch only
 * picks it for large layers): odd output sizes (a tile hangs over the right and bottom edges),
 * paddings 0 to 2, three images with chunks of tile rows ending mid-image, one and two threads,
 * channel counts that are not multiples of a vector, the flipped-weight (backward input) form and
 * the weight gradient ({@link WinogradWeights}), more input channels than one K slab, and chunks
 * shrunk to a tile row or two so each thread runs several. The module runs it again with
 * -Dfacet.scalar=true for the scalar transforms.
 * Pass rule ({@link Float64#assertClose}): |got - ref| <= 1e-6 + 1e-5 * sum |terms| + 1e-5 |ref|, the error a
 * float32 sum of those terms may have.
 */
class WinogradTest {
    @Test
    void matchesTheFloat64DirectConvolution() {
        for (int t : new int[] {1, 2}) {
            try (Scope threads = Parallel.withThreads(t)) {
                for (int pad = 0; pad <= 2; pad++) {
                    check(ConvGeometry.of(3, 17, 9, 13, 19, 3, 3).pad(pad), 100 + pad);
                }
                check(ConvGeometry.of(2, 5, 2, 2, 3, 3, 3).pad(1), 7);     // one tile per image
                check(ConvGeometry.of(2, 6, 7, 10, 4, 3, 3).pad(2, 0), 9);    // padding differs by axis
                check(ConvGeometry.of(1, 33, 20, 37, 24, 3, 3).pad(1), 8);  // several vectors of tiles per chunk
                check(ConvGeometry.of(1, 260, 5, 4, 9, 3, 3).pad(1), 11);   // C > Gemm.KC: the products run two K slabs
            }
        }
    }

    /** Chunks of one or two tile rows: several chunks per thread, each weight-gradient part summing its chunks into one dU. */
    @Test
    void smallChunksGiveTheSameResults() {
        for (int rows : new int[] {1, 2}) {
            for (int t : new int[] {1, 2}) {
                try (Scope chunks = Winograd.withMaxChunkRows(rows); Scope threads = Parallel.withThreads(t)) {
                    check(ConvGeometry.of(3, 17, 9, 13, 19, 3, 3).pad(1), 200 + rows);
                    check(ConvGeometry.of(2, 7, 6, 33, 5, 3, 3).pad(0, 1), 300 + rows);
                }
            }
        }
    }

    private static void check(ConvGeometry g, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[g.n() * g.c() * g.h() * g.w()], w = new float[g.o() * g.c() * 9];
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextDouble() * 2 - 1);
        float[] dy = new float[g.n() * g.o() * g.oh() * g.ow()];
        for (int i = 0; i < dy.length; i++) dy[i] = (float) (r.nextDouble() * 2 - 1);
        Float64.Conv ref = Float64.conv(g, x, w, dy);
        String what = g + " threads " + Parallel.threads();
        float[] out = new float[dy.length];
        java.util.Arrays.fill(out, Float.NaN);   // every element must be written
        Winograd.forward(g, x, w, false, out);
        Float64.assertClose(what, out, ref.out());
        // the backward-input form reads the weights of the convolution it transposes: w[o][c][t] = wt[c][o][8 - t]
        float[] wt = new float[w.length], again = new float[out.length];
        for (int o = 0; o < g.o(); o++) for (int c = 0; c < g.c(); c++) for (int t = 0; t < 9; t++) wt[(c * g.o() + o) * 9 + 8 - t] = w[(o * g.c() + c) * 9 + t];
        Winograd.forward(g, x, wt, true, again);
        assertTrue(java.util.Arrays.equals(out, again), () -> g + ": the flipped-weight form differs");
        float[] dw = new float[w.length];
        java.util.Arrays.fill(dw, Float.NaN);
        WinogradWeights.backward(g, x, dy, dw);
        Float64.assertClose(what + ", weight gradient", dw, ref.dW());
    }
}
