package facet.esgm;

import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each strategy masks exactly floor(mr N) patches per image, the right ones where that is decided, with consistent indices. */
class MaskingTest {
    /** Two rows of hand-made weights over 8 patches; row 1 has ties at 0.5 (indices 1, 4, 6). */
    static final Tensor W = Tensor.of(new float[] {
            0.1f, 0.9f, 0.3f, 0.8f, 0.2f, 0.7f, 0.0f, 0.6f,
            0.2f, 0.5f, 0.9f, 0.1f, 0.5f, 0.3f, 0.5f, 0.0f}, 2, 8);

    @Test
    void expressionMasksTheLargestWeightsWithTiesToTheLowerIndex() {
        Masking.Result r = new ExpressionMasking().select(new Masking.Inputs(W, null, 3));
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 1, 0, 0, 0}, r.mask().toFloatArray(),
                "row 0 masks 0.9, 0.8, 0.7 (patches 1, 3, 5); row 1 masks 0.9 (2) and the first two 0.5s (1, 4), not 6");
        consistent(r, 3);
    }

    @Test
    void randomAndMarlinMaskExactlyTheCountAndMarlinPrefersTheFace() {
        for (int masked : new int[] {0, 1, 4, 7}) {
            consistent(new RandomMasking(new Generator(masked)).select(new Masking.Inputs(W, null, masked)), masked);
            consistent(new MarlinMasking(new Generator(masked), 0.5).select(new Masking.Inputs(W, W, masked)), masked);
        }
        // without noise MARLIN ranks by the expression fraction alone: the three highest fractions
        Tensor f = Tensor.of(new float[] {0, 1, 0.25f, 0.75f, 0, 0, 0.5f, 0}, 1, 8);
        Masking.Result m = new MarlinMasking(new Generator(1), 0).select(new Masking.Inputs(W.narrow(0, 0, 1), f, 3));
        assertArrayEquals(new float[] {0, 1, 0, 1, 0, 0, 1, 0}, m.mask().toFloatArray());
        // random masks differ between draws (the stream advances) but keep the count
        Generator g = new Generator(7);
        Tensor a = new RandomMasking(g).select(new Masking.Inputs(W, null, 4)).mask(), b = new RandomMasking(g).select(new Masking.Inputs(W, null, 4)).mask();
        assertEquals(false, Arrays.equals(a.toFloatArray(), b.toFloatArray()), "two draws gave the same masks");
    }

    /** mask sums to `masked` per row; idsKeep lists exactly the 0s; idsRestore inverts [idsKeep, masked ids]. */
    static void consistent(Masking.Result r, int masked) {
        int b = r.mask().size(0), n = r.mask().size(1), k = n - masked;
        float[] mask = r.mask().toFloatArray();
        int[] keep = r.idsKeep().toIntArray(), restore = r.idsRestore().toIntArray();
        assertArrayEquals(new int[] {b, k}, r.idsKeep().shape());
        for (int i = 0; i < b; i++) {
            int ones = 0;
            for (int j = 0; j < n; j++) ones += mask[i * n + j] == 1 ? 1 : 0;
            assertEquals(masked, ones, "row " + i + " mask " + Arrays.toString(Arrays.copyOfRange(mask, i * n, i * n + n)));
            for (int j = 0; j < k; j++) {
                int p = keep[i * k + j];
                assertEquals(0, mask[i * n + p], "row " + i + ": kept patch " + p + " is marked masked");
                assertEquals(j, restore[i * n + p], "row " + i + ": idsRestore of kept patch " + p);
            }
            for (int j = 0; j < n; j++) assertEquals(mask[i * n + j] == 1, restore[i * n + j] >= k, "row " + i + " patch " + j);
        }
    }
}
