package facet.train.experiment;

import facet.train.data.Example;
import facet.train.data.Image;
import facet.train.data.Rng;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fine-tuning's augmentation: random_crop = false keeps every face where it is (up to the flip). */
class AugmentationTest {
    private static final int SIZE = 32, ROW = 10, COL = 5;

    /** A grey face with one bright 2x2 spot whose top-left pixel is (ROW, COL). */
    private static Example spot() {
        Image img = new Image(3, SIZE, SIZE);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIZE; y++) for (int x = 0; x < SIZE; x++) img.set(c, y, x, (y == ROW || y == ROW + 1) && (x == COL || x == COL + 1) ? 0.95f : 0.4f);
        }
        return new Example(img, null, 0, 0, "spot");
    }

    /** {row, column} of the brightest pixel (the first in reading order), summed over channels. */
    private static int[] brightest(Image im) {
        int[] at = {-1, -1};
        float best = Float.NEGATIVE_INFINITY;
        for (int y = 0; y < im.height; y++) {
            for (int x = 0; x < im.width; x++) {
                float v = im.get(0, y, x) + im.get(1, y, x) + im.get(2, y, x);
                if (v > best) {
                    best = v;
                    at = new int[] {y, x};
                }
            }
        }
        return at;
    }

    @Test
    void withoutRandomCropTheFaceOnlyFlips() {
        for (long seed = 0; seed < 50; seed++) {
            int[] at = brightest(Finetuning.augmentation(false, SIZE).apply(spot(), Rng.of(seed)).image());
            assertEquals(ROW, at[0], "seed " + seed + ": row");
            assertTrue(at[1] == COL || at[1] == SIZE - 2 - COL, "seed " + seed + ": column " + at[1] + " is neither the spot's nor its mirror's");
        }
    }

    @Test
    void randomCropShiftsByAtMostATwelfth() {
        Set<Integer> rows = new TreeSet<>();
        int pad = SIZE / 12;
        for (long seed = 0; seed < 50; seed++) {
            int[] at = brightest(Finetuning.augmentation(true, SIZE).apply(spot(), Rng.of(seed)).image());
            assertTrue(Math.abs(at[0] - ROW) <= pad, "seed " + seed + ": row " + at[0] + " moved more than " + pad);
            rows.add(at[0]);
        }
        assertTrue(rows.size() >= 3, "random crops moved the spot to rows " + rows + " only");
    }
}
