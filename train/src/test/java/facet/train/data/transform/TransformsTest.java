package facet.train.data.transform;

import facet.train.data.Example;
import facet.train.data.FacePart;
import facet.train.data.Image;
import facet.train.data.ParsingMap;
import facet.train.data.Rng;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class TransformsTest {
    /**
     * A 3-channel image whose red value is the part id / 18 of the map under it, so any
     * geometric step that keeps image and map aligned keeps red == id / 18 (nearest values).
     */
    static Example aligned(int h, int w) {
        Image img = new Image(3, h, w);
        ParsingMap map = new ParsingMap(h, w);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int id = x < w / 3 ? FacePart.L_EYE.ordinal() : x < 2 * w / 3 ? FacePart.NOSE.ordinal() : FacePart.R_BROW.ordinal();
                if (y < h / 4) id = FacePart.HAIR.ordinal();
                map.ids[y * w + x] = (byte) id;
                img.set(0, y, x, id / 18f);
                img.set(1, y, x, y / (float) h);
            }
        }
        return new Example(img, map, 3, 1, "test");
    }

    @Test
    void resizeAveragesWhenShrinkingAndKeepsConstants() {
        Image checker = new Image(1, 8, 8);
        for (int i = 0; i < 64; i++) checker.data[i] = ((i / 8) + (i % 8)) % 2;
        Image half = Resample.resize(checker, 4, 4);
        for (int y = 1; y < 3; y++) for (int x = 1; x < 3; x++) assertEquals(0.5f, half.get(0, y, x), 1e-6, "a checker averages to grey");
        for (float v : half.data) assertEquals(0.5f, v, 0.02f, "edges see a clipped filter, still near grey");
        Image grey = new Image(3, 5, 7);
        java.util.Arrays.fill(grey.data, 0.3f);
        for (float v : Resample.resize(grey, 13, 3).data) assertEquals(0.3f, v, 1e-6);
    }

    @Test
    void resizeMovesTheMapByNearestNeighbourWithoutNewIds() {
        Example e = aligned(30, 30);
        Example r = Transforms.resize(17, 11).apply(e, Rng.of(0));
        Set<Integer> before = new HashSet<>(), after = new HashSet<>();
        for (byte b : e.parsing().ids) before.add((int) b);
        for (byte b : r.parsing().ids) after.add((int) b);
        assertEquals(before, after);
        assertEquals(17, r.parsing().height);
        assertEquals(11, r.image().width);
    }

    @Test
    void flipMirrorsAndSwapsLeftAndRightPartsAndTwiceIsIdentity() {
        Example e = aligned(8, 9);
        Example f = Transforms.horizontalFlip(1).apply(e, Rng.of(0));
        assertEquals(FacePart.L_BROW.ordinal(), f.parsing().get(5, 0), "the right brow, mirrored to the left, is now the left brow");
        assertEquals(FacePart.R_EYE.ordinal(), f.parsing().get(5, 8));
        assertEquals(e.image().get(1, 5, 0), f.image().get(1, 5, 8));
        Example back = Transforms.horizontalFlip(1).apply(f, Rng.of(0));
        assertEquals(e.parsing(), back.parsing());
        assertEquals(e.image(), back.image());
        assertSame(e, Transforms.horizontalFlip(0).apply(e, Rng.of(0)));
    }

    @Test
    void randomCropsKeepImageAndMapAligned() {
        Example e = aligned(20, 20);
        for (int seed = 0; seed < 20; seed++) {
            Example c = Transforms.randomCrop(12, 12, 4).apply(e, Rng.of(seed));
            for (int i = 0; i < c.parsing().ids.length; i++) {
                int id = c.parsing().ids[i];
                if (id == 0) assertEquals(0f, c.image().data[i], "seed " + seed + ": padding is 0 in both");
                else assertEquals(id / 18f, c.image().data[i], 1e-6, "seed " + seed + " pixel " + i);
            }
            // a resized crop filters the image but not the map: compare where the map is locally uniform
            Example rr = Transforms.randomResizedCrop(10, 0.3, 1, 0.75, 1.33).apply(e, Rng.of(seed));
            ParsingMap m = rr.parsing();
            int checked = 0;
            for (int y = 1; y < m.height - 1; y++) {
                for (int x = 1; x < m.width - 1; x++) {
                    boolean uniform = true;
                    for (int dy = -1; dy <= 1; dy++) for (int dx = -1; dx <= 1; dx++) uniform &= m.get(y + dy, x + dx) == m.get(y, x);
                    if (!uniform) continue;
                    assertEquals(m.get(y, x) / 18f, rr.image().get(0, y, x), 1e-5, "seed " + seed + " at " + y + "," + x);
                    checked++;
                }
            }
            assertTrue(checked > 10, "seed " + seed + ": only " + checked + " interior pixels");
        }
    }

    @Test
    void centreCropTakesTheMiddle() {
        Example e = aligned(10, 10);
        Example c = Transforms.centerCrop(4, 6).apply(e, Rng.of(0));
        assertEquals(e.image().get(1, 3, 2), c.image().get(1, 0, 0));
        assertEquals(e.parsing().get(6, 7), c.parsing().get(3, 5));
    }

    @Test
    void blurKeepsConstantsAndSpreadsAnImpulseAsAGaussian() {
        Image one = new Image(1, 21, 21);
        one.set(0, 10, 10, 1);
        Image b = Resample.blur(one, 1.5);
        double sum = 0;
        for (float v : b.data) sum += v;
        assertEquals(1, sum, 1e-5, "mass is kept");
        double ratio = b.get(0, 10, 11) / b.get(0, 10, 10);
        assertEquals(Math.exp(-1 / (2 * 1.5 * 1.5)), ratio, 1e-3, "neighbour / centre = exp(-1 / 2 sigma^2)");
        Image flat = new Image(3, 6, 6);
        java.util.Arrays.fill(flat.data, 0.7f);
        for (float v : Resample.blur(flat, 2).data) assertEquals(0.7f, v, 1e-5, "edges reflect, so constants stay");
    }

    @Test
    void photometricStepsByHand() {
        Image px = new Image(3, 1, 2, new float[] {0.2f, 0.6f, 0.4f, 0.4f, 0.6f, 0.2f});
        Image grey = px.toGrey();
        assertEquals(0.299f * 0.2f + 0.587f * 0.4f + 0.114f * 0.6f, grey.data[0], 1e-6);
        assertEquals(px, Photometric.jitter(px, 1, 1, 1, 0), "the identity jitter");
        Image sat0 = Photometric.jitter(px, 1, 1, 0, 0);
        assertEquals(grey.data[0], sat0.data[0], 1e-6, "saturation 0 is grey");
        assertEquals(grey.data[0], sat0.data[4], 1e-6);
        Example n = Transforms.normalize(new double[] {0.5, 0.5, 0.5}, new double[] {0.25}).apply(new Example(px, null, 0, 0, "t"), Rng.of(0));
        assertEquals(-1.2f, n.image().data[0], 1e-6);
        assertEquals(0.4f, n.image().data[1], 1e-6);
        Example j = Transforms.colorJitter(0, 0, 0, 0).apply(new Example(px, null, 0, 0, "t"), Rng.of(4));
        assertEquals(px, j.image());
    }

    @Test
    void aRandomStepIsAFunctionOfItsStream() {
        Example e = aligned(16, 16);
        Transform t = Transform.of(Transforms.randomResizedCrop(12, 0.2, 1, 0.75, 1.33), Transforms.horizontalFlip(0.5),
                Transforms.colorJitter(0.4, 0.4, 0.4, 0.1), Transforms.gaussianBlur(0.1, 2, 0.5));
        assertEquals(t.apply(e, Rng.of(9, 1, 2)).image(), t.apply(e, Rng.of(9, 1, 2)).image());
        assertNotEquals(t.apply(e, Rng.of(9, 1, 2)).image(), t.apply(e, Rng.of(9, 1, 3)).image());
    }
}
