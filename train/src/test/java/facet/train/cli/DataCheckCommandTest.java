package facet.train.cli;

import facet.train.data.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** `facet data check` output: the JSON object's exact shape with problems, the text table, and strict's exit code. */
class DataCheckCommandTest {
    @TempDir Path root;

    private void fixture() throws Exception {
        Fixtures.image(root.resolve("basic/Image/aligned/train_00001_aligned.jpg"), Fixtures.solid(3, 10, 10, 0.5f));
        Fixtures.corrupt(root.resolve("basic/Image/aligned/test_0001_aligned.jpg"));
        Fixtures.text(root.resolve("basic/EmoLabel/list_patition_label.txt"), "train_00001.jpg 4", "train_00002.jpg \"x\"", "test_0001.jpg 1");
    }

    @Test
    void jsonHasFormatSplitsAndProblemsWithNullLinesForFiles() throws Exception {
        fixture();
        String[] r = SynthRoundTripTest.run("data", "check", "--format", "rafdb", root.toString(), "--json");
        assertEquals("0", r[0], r[2]);
        String labels = root.resolve("basic/EmoLabel/list_patition_label.txt").toString();
        String image = root.resolve("basic/Image/aligned/test_0001_aligned.jpg").toString();
        String expected = "{\"format\": \"rafdb\", \"splits\": {"
                + "\"train\": {\"Surprise\": 0, \"Fear\": 0, \"Disgust\": 0, \"Happiness\": 1, \"Sadness\": 0, \"Anger\": 0, \"Neutral\": 0}, "
                + "\"test\": {\"Surprise\": 0, \"Fear\": 0, \"Disgust\": 0, \"Happiness\": 0, \"Sadness\": 0, \"Anger\": 0, \"Neutral\": 0}}, "
                + "\"problems\": [{\"path\": \"" + labels + "\", \"line\": 2, \"reason\": \"label '\\\"x\\\"' is not a number\"}, "
                + "{\"path\": \"" + image + "\", \"line\": null, \"reason\": \"not an image in a format the JDK decodes (PNG, JPEG, TIFF, BMP, GIF)\"}]}\n";
        assertEquals(expected, r[1]);
    }

    @Test
    void textListsCountsAndProblemsAndStrictExitsOne() throws Exception {
        fixture();
        String[] r = SynthRoundTripTest.run("data", "check", "--format", "rafdb", root.toString());
        assertEquals("0", r[0]);
        assertTrue(r[1].contains("2 problems (a sample with one is skipped):"), r[1]);
        assertTrue(r[1].lines().anyMatch(l -> l.startsWith("train") && l.trim().endsWith("1")), r[1]);
        String[] strict = SynthRoundTripTest.run("data", "check", "--format", "rafdb", root.toString(), "--strict");
        assertEquals("1", strict[0]);
        assertTrue(strict[2].contains("list_patition_label.txt:2: label '\"x\"' is not a number"), strict[2]);
    }
}
