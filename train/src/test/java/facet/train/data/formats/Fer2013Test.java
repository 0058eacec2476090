package facet.train.data.formats;

import facet.train.data.Example;
import facet.train.data.Expression;
import facet.train.data.Fixtures;
import facet.train.data.Problem;
import facet.train.data.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

class Fer2013Test {
    @TempDir Path root;

    /** 2,304 values where pixel i is (i * step) mod 256. */
    static String pixels(int step) {
        return IntStream.range(0, 2304).mapToObj(i -> Integer.toString(i * step % 256)).collect(Collectors.joining(" "));
    }

    /** CRLF line ends, as the Kaggle file has them: offsets must still land on each row's pixels. */
    private void fixture() throws Exception {
        String rows = String.join("\r\n",
                "emotion,pixels,Usage",
                "3," + pixels(1) + ",Training",           // 2: Happy -> Happiness
                "0," + pixels(7) + ",PrivateTest",        // 3: Angry -> Anger
                "5," + pixels(3) + ",Validation",         // 4: unknown usage
                "8," + pixels(3) + ",Training",           // 5: unknown emotion
                "6,1 2 3,PublicTest",                     // 6: too few pixels
                "6," + pixels(2) + ",PublicTest") + "\r\n";  // 7: Neutral
        Files.writeString(root.resolve("fer2013.csv"), rows);
    }

    @Test
    void mapsCodesAndSplitsAndReportsBadRows() throws Exception {
        fixture();
        Problems p = Problems.lenient();
        DatasetIndex idx = Format.FER2013.read(root, p);
        assertEquals(List.of("train", "val", "test"), idx.splits());
        assertEquals(List.of(4, 5, 6), p.list().stream().map(Problem::line).toList(), p.list().toString());
        assertEquals(Expression.ANGER.ordinal(), idx.dataset("test").label(0));
        assertEquals(Expression.NEUTRAL.ordinal(), idx.dataset("val").label(0));
    }

    @Test
    void rereadsEachRowsPixelsFromItsOffset() throws Exception {
        fixture();
        DatasetIndex idx = Format.FER2013.read(root, Problems.lenient());
        Example train = idx.dataset("train").get(0), test = idx.dataset("test").get(0);
        assertEquals(1, train.image().channels);
        assertEquals(48, train.image().width);
        for (int i : new int[] {0, 1, 255, 256, 2303}) {
            assertEquals((i % 256) / 255f, train.image().data[i], 1e-6, "train pixel " + i);
            assertEquals((i * 7 % 256) / 255f, test.image().data[i], 1e-6, "test pixel " + i);
        }
    }

    @Test
    void aPixelOutOfRangeIsFoundWhenDecoding() throws Exception {
        Files.writeString(root.resolve("fer2013.csv"), "emotion,pixels,Usage\n3," + pixels(1).replaceFirst("^0 ", "300 ") + ",Training\n");
        DataCheck.Report r = DataCheck.run(Format.FER2013, root, false, 1);
        assertEquals(1, r.problemCount());
        assertEquals(2, r.problems().getFirst().line());
        assertTrue(r.problems().getFirst().reason().contains("'300'"), r.problems().getFirst().reason());
    }

    @Test
    void aWrongHeaderIsNotThisFormat() throws Exception {
        Fixtures.text(root.resolve("fer2013.csv"), "label,data", "1,2");
        assertThrows(NotThisFormatException.class, () -> Format.FER2013.read(root, Problems.lenient()));
    }
}
