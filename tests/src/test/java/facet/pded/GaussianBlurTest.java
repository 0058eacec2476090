package facet.pded;

import facet.autograd.check.GradCheck;
import facet.autograd.check.Input;
import facet.autograd.check.Layout;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The blur that makes x_a: its gradient, a hand-computed impulse response, its borders, and the doubled batch. */
class GaussianBlurTest {

    /** Gradient against central differences in float64 (GradCheck), on an odd-sized, non-contiguous input; float32 against float64. */
    @Test
    void gradientMatchesNumericalDifferences() {
        for (double sigma : new double[] {0.6, 1.5}) {
            Input x = new Input("x", new int[] {2, 3, 7, 5}, Layout.TRANSPOSED, Tensor.randn(new Generator(1), DType.F64, 5, 7, 3, 2), true);
            GradCheck.Fn f = in -> GaussianBlur.apply(in.get(0), sigma);
            GradCheck.Result g = GradCheck.gradient(f, List.of(x), 2), p = GradCheck.precision(f, List.of(x), 2);
            assertTrue(g.error() < 1e-6, "sigma " + sigma + ": gradient " + g);
            assertTrue(p.error() < 1e-5, "sigma " + sigma + ": float32 " + p);
        }
    }

    /**
     * A unit impulse at the centre of a 5x5 image: out(i, j) = e(i - 2) e(j - 2) / (m(i) m(j)), with
     * e(t) = exp(-t^2 / 2 sigma^2) and m(i) the sum of e(t) over the taps that land inside the image
     * (the normaliser of the kernel cancels in the ratio).
     */
    @Test
    void anImpulseSpreadsAsTheGaussianRenormalisedAtTheBorders() {
        double sigma = 0.8;
        int r = 3;   // ceil(3 * 0.8)
        double[] img = new double[25];
        img[12] = 1;
        double[] got = GaussianBlur.apply(Tensor.of(img, 1, 1, 5, 5).to(DType.F64), sigma).toDoubleArray();
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                double want = e(i - 2, sigma) * e(j - 2, sigma) / (inside(i, r, sigma) * inside(j, r, sigma));
                assertEquals(want, got[i * 5 + j], 1e-12, "at (" + i + ", " + j + ")");
            }
        }
    }

    private static double e(int t, double sigma) { return Math.exp(-t * t / (2 * sigma * sigma)); }

    private static double inside(int i, int r, double sigma) {
        double m = 0;
        for (int t = -r; t <= r; t++) if (i - t >= 0 && i - t < 5) m += e(t, sigma);
        return m;
    }

    /** A constant image stays constant up to its borders; a checkerboard (the highest frequency) nearly vanishes. */
    @Test
    void constantsSurviveAndTheFinestDetailIsRemoved() {
        Tensor grey = Tensor.full(0.7, DType.F32, 2, 3, 9, 6);
        assertEquals(0, GaussianBlur.apply(grey, 1.3).sub(grey).abs().max(false).item(), 1e-6, "constant image");
        float[] board = new float[16 * 16];
        for (int i = 0; i < board.length; i++) board[i] = ((i / 16 + i % 16) % 2) * 2 - 1;
        Tensor b = GaussianBlur.apply(Tensor.of(board, 1, 1, 16, 16), 1.5);
        double centre = b.narrow(2, 4, 8).narrow(3, 4, 8).abs().max(false).item();
        assertTrue(centre < 1e-3, "the blurred checkerboard keeps amplitude " + centre + " away from the borders");
    }

    @Test
    void theSingleSourceBatchIsTheImagesThenTheirBlurWithDomainsZeroThenOne() {
        Tensor x = Tensor.randn(new Generator(3), DType.F32, 3, 3, 8, 8), y = Tiny.ints(4, 0, 6);
        DomainBatch b = DomainBatch.singleSource(x, y, 1.0);
        assertArrayEquals(new int[] {6, 3, 8, 8}, b.images().shape());
        assertArrayEquals(new int[] {4, 0, 6, 4, 0, 6}, b.expression().toIntArray());
        assertArrayEquals(new int[] {0, 0, 0, 1, 1, 1}, b.domain().toIntArray());
        assertArrayEquals(x.toFloatArray(), b.images().narrow(0, 0, 3).toFloatArray());
        assertArrayEquals(GaussianBlur.apply(x, 1.0).toFloatArray(), b.images().narrow(0, 3, 3).toFloatArray());

        DomainBatch m = DomainBatch.multiSource(List.of(x, x.narrow(0, 0, 2)), List.of(y, Tiny.ints(1, 1)));
        assertArrayEquals(new int[] {0, 0, 0, 1, 1}, m.domain().toIntArray());
        assertArrayEquals(new int[] {4, 0, 6, 1, 1}, m.expression().toIntArray());
    }

    @Test
    void badArgumentsAreNamed() {
        var e = assertThrows(IllegalArgumentException.class, () -> GaussianBlur.apply(Tensor.zeros(1, 3, 4, 4), 0));
        assertEquals("gaussian_blur: sigma must be > 0 pixels, got 0.0", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> DomainBatch.singleSource(Tensor.zeros(2, 3, 4, 4), Tiny.ints(1, 2, 3), 1));
        assertEquals("DomainBatch.singleSource: expects images (B, C, H, W) and int32 labels (B), got [2, 3, 4, 4] and I32 [3]", e.getMessage());
    }
}
