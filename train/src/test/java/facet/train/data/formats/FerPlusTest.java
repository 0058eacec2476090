package facet.train.data.formats;

import facet.train.data.Expression;
import facet.train.data.Fixtures;
import facet.train.data.Problem;
import facet.train.data.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class FerPlusTest {
    @TempDir Path root;

    @Test
    void majorityRuleZeroesSingleVotesAndNeedsMoreThanHalf() {
        // columns: neutral, happiness, surprise, sadness, anger, disgust, fear, contempt, unknown, NF
        assertEquals(1, SourceLabels.ferPlusMajority(new int[] {4, 6, 0, 0, 0, 0, 0, 0, 0, 0}), "6 of 10");
        assertEquals(-1, SourceLabels.ferPlusMajority(new int[] {5, 5, 0, 0, 0, 0, 0, 0, 0, 0}), "a tie is not a majority");
        assertEquals(2, SourceLabels.ferPlusMajority(new int[] {1, 1, 4, 1, 1, 1, 1, 0, 0, 0}), "the single votes are zeroed: 4 of 4");
        assertEquals(-1, SourceLabels.ferPlusMajority(new int[] {3, 3, 3, 0, 0, 0, 0, 0, 1, 0}), "argmax would say neutral; the rule says unknown");
        assertEquals(-1, SourceLabels.ferPlusMajority(new int[10]));
    }

    @Test
    void csvLayoutTakesPixelsFromFer2013ByRowAndDropsWhatIsNotASevenClassFace() throws Exception {
        Files.writeString(root.resolve("fer2013.csv"), String.join("\n", "emotion,pixels,Usage",
                "0," + Fer2013Test.pixels(1) + ",Training",
                "0," + Fer2013Test.pixels(5) + ",Training",
                "0," + Fer2013Test.pixels(1) + ",Training",
                "0," + Fer2013Test.pixels(1) + ",PrivateTest",
                "0," + Fer2013Test.pixels(9) + ",PrivateTest") + "\n");
        Fixtures.text(root.resolve("fer2013new.csv"),
                "Usage,Image name,neutral,happiness,surprise,sadness,anger,disgust,fear,contempt,unknown,NF",
                "Training,fer0000000.png,0,0,0,0,0,0,0,8,2,0",     // 2: contempt majority: dropped
                "Training,fer0000001.png,0,0,0,0,0,0,9,0,1,0",     // 3: fear
                "Training,,0,0,0,0,0,0,0,0,0,10",                  // 4: not a face: dropped
                "PrivateTest,fer0000003.png,2,2,2,2,2,0,0,0,0,0",  // 5: no majority: dropped
                "PrivateTest,fer0000004.png,0,0,0,0,x,0,0,0,0,0"); // 6: bad vote
        Problems p = Problems.lenient();
        DatasetIndex idx = Format.FERPLUS.read(root, p);
        assertEquals(1, idx.entries().size(), idx.entries().toString());
        assertEquals(Expression.FEAR.ordinal(), idx.entries().getFirst().label());
        assertEquals(List.of(6), p.list().stream().map(Problem::line).toList());
        assertEquals(3, idx.dropped().values().stream().mapToInt(Integer::intValue).sum(), idx.dropped().toString());
        var img = idx.dataset("train").get(0).image();
        assertEquals(5 / 255f, img.data[1], 1e-6, "row 2 of fer2013.csv gives the pixels");
    }

    @Test
    void folderLayoutReadsQuotedBoxesAndOlderRowsWithoutThem() throws Exception {
        Path train = root.resolve("FER2013Train");
        Fixtures.image(train.resolve("fer0000000.png"), Fixtures.solid(1, 48, 48, 0.5f));
        Fixtures.image(train.resolve("fer0000001.png"), Fixtures.solid(1, 48, 48, 0.25f));
        Fixtures.corrupt(train.resolve("fer0000002.png"));
        Fixtures.text(train.resolve("label.csv"),
                "fer0000000.png,\"(0, 0, 48, 48)\",0,10,0,0,0,0,0,0,0,0",
                "fer0000001.png,0,0,0,7,3,0,0,0,0,0",
                "fer0000002.png,\"(0, 0, 48, 48)\",0,10,0,0,0,0,0,0,0,0",
                "fer0000005.png,\"(0, 0, 48, 48)\",0,10,0,0,0,0,0,0,0,0");
        Problems p = Problems.lenient();
        DatasetIndex idx = Format.FERPLUS.read(root, p);
        assertEquals(List.of(Expression.HAPPINESS.ordinal(), Expression.SADNESS.ordinal(), Expression.HAPPINESS.ordinal()),
                idx.entries().stream().map(Entry::label).toList());
        assertEquals(List.of(4), p.list().stream().map(Problem::line).toList(), "the missing image");
        DataCheck.Report r = DataCheck.run(Format.FERPLUS, root, false, 1);
        assertEquals(2, r.problemCount(), r.toText());
        assertEquals(1, r.counts().get("train")[Expression.HAPPINESS.ordinal()]);
    }
}
