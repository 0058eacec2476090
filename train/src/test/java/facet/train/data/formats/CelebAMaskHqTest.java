package facet.train.data.formats;

import facet.train.data.Example;
import facet.train.data.FacePart;
import facet.train.data.Fixtures;
import facet.train.data.Image;
import facet.train.data.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class CelebAMaskHqTest {
    @TempDir Path root;

    /** A 4x4 binary mask on the given rows (all columns). */
    private static Image rows(int from, int to) {
        Image m = Fixtures.solid(1, 4, 4, 0f);
        for (int y = from; y < to; y++) for (int x = 0; x < 4; x++) m.data[y * 4 + x] = 1f;
        return m;
    }

    @Test
    void mergesMasksLaterPartsWinningAndResizesToTheImage() throws Exception {
        Fixtures.image(root.resolve("CelebA-HQ-img/0.jpg"), Fixtures.solid(3, 8, 8, 0.5f));
        Path masks = root.resolve("CelebAMask-HQ-mask-anno/0");
        Fixtures.image(masks.resolve("00000_skin.png"), rows(0, 4));  // everything
        Fixtures.image(masks.resolve("00000_nose.png"), rows(1, 3));  // rows 1-2 over the skin
        Fixtures.image(masks.resolve("00000_hair.png"), rows(2, 3));  // row 2 over the nose
        DatasetIndex idx = Format.CELEBAMASK_HQ.read(root, Problems.strict());
        Example e = idx.dataset("all").get(0);
        assertEquals(-1, e.label());
        assertEquals(8, e.parsing().height, "the 4x4 masks are resized to the 8x8 image");
        int[] expected = {FacePart.SKIN.ordinal(), FacePart.NOSE.ordinal(), FacePart.HAIR.ordinal(), FacePart.SKIN.ordinal()};
        for (int y = 0; y < 8; y++) assertEquals(expected[y / 2], e.parsing().get(y, 5), "row " + y);
    }

    @Test
    void aMaskOfTheWrongSizeAndAnImageWithoutMasksAreProblems() throws Exception {
        Fixtures.image(root.resolve("CelebA-HQ-img/0.jpg"), Fixtures.solid(3, 8, 8, 0.5f));
        Fixtures.image(root.resolve("CelebA-HQ-img/1.jpg"), Fixtures.solid(3, 8, 8, 0.5f));
        Fixtures.image(root.resolve("CelebA-HQ-img/2.jpg"), Fixtures.solid(3, 8, 8, 0.5f));
        Path masks = root.resolve("CelebAMask-HQ-mask-anno/0");
        Fixtures.image(masks.resolve("00000_skin.png"), rows(0, 4));
        Fixtures.image(masks.resolve("00000_l_eye.png"), Fixtures.solid(1, 2, 2, 1f));  // 2x2 beside 4x4
        Fixtures.image(masks.resolve("00001_skin.png"), Fixtures.solid(1, 4, 2, 1f));   // not the image's shape
        Fixtures.image(masks.resolve("00001_wings.png"), rows(0, 1));                   // not a part
        DataCheck.Report r = DataCheck.run(Format.CELEBAMASK_HQ, root, false, 1);
        assertEquals(4, r.problemCount(), r.toText());
        assertTrue(r.toText().contains("00000_l_eye.png: mask is 2x2 but 00000_skin.png is 4x4"), r.toText());
        assertTrue(r.toText().contains("not the same shape"), r.toText());
        assertTrue(r.toText().contains("unknown part 'wings'"), r.toText());
        assertTrue(r.toText().contains("2.jpg: has no parsing masks"), r.toText());
        assertEquals(0, r.counts().get("all")[7], "no usable image is left");
    }
}
