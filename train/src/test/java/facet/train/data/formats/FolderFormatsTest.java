package facet.train.data.formats;

import facet.train.data.Example;
import facet.train.data.Expression;
import facet.train.data.Fixtures;
import facet.train.data.Image;
import facet.train.data.Problem;
import facet.train.data.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** SFEW, ExpW, JAFFE and unlabelled face folders: layouts defined by folder and file names. */
class FolderFormatsTest {
    @TempDir Path root;

    @Test
    void sfewTakesLabelsFromFolderNamesInAnyCase() throws Exception {
        Fixtures.image(root.resolve("Train/Happy/a.png"), Fixtures.solid(3, 8, 8, 0.5f));
        Fixtures.image(root.resolve("Train/angry/b.jpg"), Fixtures.solid(3, 8, 8, 0.5f));
        Fixtures.image(root.resolve("Val/SAD/c.png"), Fixtures.solid(3, 8, 8, 0.5f));
        Fixtures.text(root.resolve("Val/SAD/Thumbs.txt"), "not an image: ignored");
        Fixtures.image(root.resolve("Val/Contempt/d.png"), Fixtures.solid(3, 8, 8, 0.5f));
        Problems p = Problems.lenient();
        DatasetIndex idx = Format.SFEW.read(root, p);
        assertEquals(List.of(Expression.HAPPINESS.ordinal(), Expression.ANGER.ordinal()), idx.entries().subList(0, 2).stream().map(Entry::label).toList());
        assertEquals(Expression.SADNESS.ordinal(), idx.dataset("val").label(0));
        assertEquals(1, p.count());
        assertTrue(p.list().getFirst().reason().contains("unknown emotion folder 'Contempt'"));
        assertThrows(NotThisFormatException.class, () -> Format.SFEW.read(root.resolve("Train"), Problems.lenient()));
    }

    @Test
    void expwCropsRowsTopToBottomAndColumnsLeftToRight() throws Exception {
        Image scene = Fixtures.solid(3, 50, 40, 0f);
        for (int y = 10; y < 30; y++) for (int x = 5; x < 15; x++) scene.set(1, y, x, 1f); // a tall green face box
        Fixtures.image(root.resolve("image/origin/s.png"), scene);
        Fixtures.text(root.resolve("label/label.lst"),
                "s.png 0 10 5 15 30 42.5 3",      // 1: top 10, left 5, right 15, bottom 30: Happy
                "s.png 1 10 5 15 30 42.5",        // 2: 7 fields
                "s.png 2 10 5 15 30 42.5 7",      // 3: unknown label
                "s.png 3 10 15 5 30 42.5 1",      // 4: right < left
                "t.png 0 10 5 15 30 42.5 1");     // 5: missing image
        Problems p = Problems.lenient();
        DatasetIndex idx = Format.EXPW.read(root, p);
        assertEquals(List.of(2, 3, 4, 5), p.list().stream().map(Problem::line).toList(), p.list().toString());
        Example face = idx.dataset("all").get(0);
        assertEquals(Expression.HAPPINESS.ordinal(), face.label());
        assertEquals(10, face.image().width);
        assertEquals(20, face.image().height);
        for (float v : java.util.Arrays.copyOfRange(face.image().data, face.image().plane(), 2 * face.image().plane())) assertEquals(1f, v, 1e-6);
    }

    @Test
    void jaffeReadsFourFieldTiffNamesAndNumbersTheSubjects() throws Exception {
        Fixtures.image(root.resolve("KA.AN1.39.tiff"), Fixtures.solid(1, 16, 16, 0.5f));
        Fixtures.image(root.resolve("KA.HA2.40.tiff"), Fixtures.solid(1, 16, 16, 0.5f));
        Fixtures.image(root.resolve("YM.SU3.58.tiff"), Fixtures.solid(1, 16, 16, 0.5f));
        Fixtures.image(root.resolve("YM.XX1.59.tiff"), Fixtures.solid(1, 16, 16, 0.5f));
        Fixtures.corrupt(root.resolve("KM.NE1.60.tiff"));
        Fixtures.text(root.resolve("README"), "JAFFE");
        Problems p = Problems.lenient();
        DatasetIndex idx = Format.JAFFE.read(root, p);
        assertEquals(List.of("test"), idx.splits());
        assertEquals(List.of(Expression.ANGER.ordinal(), Expression.HAPPINESS.ordinal(), Expression.NEUTRAL.ordinal(), Expression.SURPRISE.ordinal()),
                idx.entries().stream().map(Entry::label).toList());
        assertEquals(List.of(0, 0, 1, 2), idx.entries().stream().map(Entry::identity).toList(), "KA, KM, YM in sorted order");
        assertEquals(1, p.count(), "the unknown code XX");
        Example e = idx.dataset("test").get(0);
        assertEquals(1, e.image().channels, "JAFFE is greyscale");
        assertEquals(2, DataCheck.run(Format.JAFFE, root, false, 1).problemCount(), "plus the corrupt TIFF");
    }

    @Test
    void faceFoldersFindImagesAnywhereWithCasiaIdentitiesAndCelebaSplits() throws Exception {
        Fixtures.image(root.resolve("0000045/001.jpg"), Fixtures.solid(3, 8, 8, 0.5f));
        Fixtures.image(root.resolve("0000045/002.jpg"), Fixtures.solid(3, 8, 8, 0.5f));
        Fixtures.image(root.resolve("ffhq/00000/00001.png"), Fixtures.solid(3, 8, 8, 0.5f));
        DatasetIndex idx = Format.FACES.read(root, Problems.strict());
        assertEquals(3, idx.entries().size());
        assertEquals(List.of(45, 45, -1), idx.entries().stream().map(Entry::identity).toList());
        assertEquals(-1, idx.entries().getFirst().label());

        Path celeba = root.resolve("celeba");
        Fixtures.image(celeba.resolve("img_align_celeba/000001.jpg"), Fixtures.solid(3, 8, 8, 0.5f));
        Fixtures.image(celeba.resolve("img_align_celeba/000002.jpg"), Fixtures.solid(3, 8, 8, 0.5f));
        Fixtures.image(celeba.resolve("img_align_celeba/000003.jpg"), Fixtures.solid(3, 8, 8, 0.5f));
        Fixtures.text(celeba.resolve("list_eval_partition.txt"), "000001.jpg 0", "000002.jpg 2", "000004.jpg 9");
        Problems p = Problems.lenient();
        DatasetIndex c = Format.FACES.read(celeba, p);
        assertEquals(List.of("train", "test"), c.splits());
        assertEquals(2, p.count(), "a bad partition code and an unlisted image: " + p.list());
        assertThrows(NotThisFormatException.class, () -> Format.FACES.read(celeba.resolve("img_align_celeba/000001.jpg"), Problems.lenient()));
    }
}
