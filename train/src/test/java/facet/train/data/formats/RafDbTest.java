package facet.train.data.formats;

import facet.train.data.BadInputException;
import facet.train.data.Example;
import facet.train.data.Expression;
import facet.train.data.Fixtures;
import facet.train.data.Problem;
import facet.train.data.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class RafDbTest {
    @TempDir Path root;

    /** Two good rows (aligned and original images), then one of each kind of bad line, then a corrupt image. */
    private Path fixture() throws Exception {
        Path basic = root.resolve("basic");
        Fixtures.image(basic.resolve("Image/aligned/train_00001_aligned.jpg"), Fixtures.ramp(100, 100, 0.2f, 0.4f, 0.6f));
        Fixtures.image(basic.resolve("Image/original/test_0001.jpg"), Fixtures.ramp(120, 90, 0.1f, 0.1f, 0.1f));
        Fixtures.image(basic.resolve("Image/aligned/train_00002_aligned.jpg"), Fixtures.ramp(100, 100, 0, 0, 0));
        Fixtures.corrupt(basic.resolve("Image/aligned/train_00009_aligned.jpg"));
        Fixtures.text(basic.resolve("EmoLabel/list_patition_label.txt"),
                "train_00001.jpg 4",           // 1: Happiness
                "test_0001.jpg extra 7",       // 2: Neutral, with a middle column
                "",                            // 3: blank, skipped silently
                "train_00002.jpg",             // 4: no label
                "train_00002.jpg 9",           // 5: unknown label
                "val_00001.jpg 1",             // 6: bad prefix
                "train_00003.jpg 1",           // 7: no image
                "train_00002.jpg x",           // 8: not a number
                "train_00009.jpg 2");          // 9: corrupt image (found when decoding)
        return root;
    }

    @Test
    void indexesGoodLinesAndReportsEachBadOneWithItsLine() throws Exception {
        Problems p = Problems.lenient();
        DatasetIndex idx = Format.RAFDB.read(fixture(), p);
        assertEquals(List.of("train", "test"), idx.splits());
        assertEquals(3, idx.entries().size(), "rows 1, 2 and 9 are indexed (decoding finds row 9's image corrupt)");
        assertEquals(Expression.HAPPINESS.ordinal(), idx.entries().get(0).label());
        assertEquals(Expression.NEUTRAL.ordinal(), idx.entries().get(1).label());
        List<Integer> lines = p.list().stream().map(Problem::line).toList();
        assertEquals(List.of(4, 5, 6, 7, 8), lines, p.list().toString());
        assertTrue(p.list().get(1).reason().contains("unknown label 9"), p.list().get(1).reason());
        assertTrue(p.list().get(0).path().endsWith("list_patition_label.txt"));
    }

    @Test
    void fallsBackToTheOriginalImageAndDecodesOnDemand() throws Exception {
        DatasetIndex idx = Format.RAFDB.read(fixture(), Problems.lenient());
        Example e = idx.dataset("test").get(0);
        assertEquals(120, e.image().width);
        assertEquals(90, e.image().height);
        assertEquals("rafdb", e.domain());
        assertNull(e.parsing());
    }

    @Test
    void dataCheckFindsTheCorruptImageAndStrictStopsAtTheFirstProblem() throws Exception {
        fixture();
        DataCheck.Report r = DataCheck.run(Format.RAFDB, root, false, 2);
        assertEquals(6, r.problemCount(), r.toText());
        assertTrue(r.problems().stream().anyMatch(x -> x.path().endsWith("train_00009_aligned.jpg") && x.reason().startsWith("not an image")), r.toText());
        assertEquals(1, r.counts().get("train")[Expression.HAPPINESS.ordinal()]);
        assertEquals(0, r.counts().get("train")[Expression.FEAR.ordinal()], "the corrupt image is not counted");
        assertEquals(1, r.counts().get("test")[Expression.NEUTRAL.ordinal()]);
        BadInputException e = assertThrows(BadInputException.class, () -> DataCheck.run(Format.RAFDB, root, true, 1));
        assertEquals(4, e.problem().line());
    }

    @Test
    void acceptsTheCorrectSpellingAndRejectsAFolderWithoutLabels() throws Exception {
        Fixtures.image(root.resolve("basic/Image/aligned/test_0001_aligned.jpg"), Fixtures.ramp(100, 100, 0, 0, 0));
        Fixtures.text(root.resolve("basic/EmoLabel/list_partition_label.txt"), "test_0001.jpg 1");
        assertEquals(1, Format.RAFDB.read(root, Problems.strict()).entries().size());
        var e = assertThrows(NotThisFormatException.class, () -> Format.RAFDB.read(root.resolve("basic/Image"), Problems.lenient()));
        assertTrue(e.getMessage().contains("list_patition_label.txt"), e.getMessage());
    }
}
