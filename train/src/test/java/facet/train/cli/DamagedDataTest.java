package facet.train.cli;

import facet.train.data.synth.Domain;
import facet.train.data.synth.Export;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 14's damaged datasets through `facet data check`: each used to pass as "no problems".
 * Lenient, the damage is one problem and the rest of the folder is counted; --strict exits 1 with
 * one line naming the file, the line and the value, escaped, and no stack trace.
 */
class DamagedDataTest {
    static final String LABELS = "basic/EmoLabel/list_patition_label.txt", IMAGE = "basic/Image/aligned/train_00001_aligned.jpg";

    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "jpeg cut in half     | 19 | train_00001_aligned.jpg: damaged image, the decoder warns",
            "jpeg cut to 700 B    | 19 | train_00001_aligned.jpg: damaged image, the decoder warns",
            "huge header          | 19 | train_00001_aligned.jpg: the header says 20000x20000 pixels, more than the limit",
            "label line twice     | 20 | list_patition_label.txt:21: image 'train_00001.jpg' is listed again (first on line 1)",
            "byte-order mark      | 20 | list_patition_label.txt:1: the file starts with a UTF-8 byte-order mark",
            "control bytes        | 20 | list_patition_label.txt:21: the line holds control characters: 'train_9\\x1B[31m\\x07 4'",
    })
    void rafDamageIsReported(String damage, int usable, String message) throws IOException {
        Path raf = dir.resolve("raf");
        Export.write(Domain.RAF, "rafdb", 20, 1, raf, false, 1);
        Path labels = raf.resolve(LABELS), image = raf.resolve(IMAGE);
        byte[] jpeg = Files.readAllBytes(image), text = Files.readAllBytes(labels);
        switch (damage) {
            case "jpeg cut in half" -> Files.write(image, Arrays.copyOf(jpeg, jpeg.length / 2));
            case "jpeg cut to 700 B" -> Files.write(image, Arrays.copyOf(jpeg, 700));
            case "huge header" -> Files.write(image, claim(jpeg, 20000, 20000));
            case "label line twice" -> Files.writeString(labels, new String(text, StandardCharsets.UTF_8) + "train_00001.jpg 4\n");
            case "byte-order mark" -> Files.write(labels, concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text));
            case "control bytes" -> Files.writeString(labels, new String(text, StandardCharsets.UTF_8) + "train_9\u001b[31m\u0007 4\n");
            default -> throw new IllegalArgumentException(damage);
        }
        String[] lenient = SynthRoundTripTest.run("data", "check", "--format", "rafdb", raf.toString());
        assertEquals("0", lenient[0], lenient[2]);
        assertTrue(lenient[1].contains(": " + usable + " usable samples") && lenient[1].contains("1 problem "), damage + ":\n" + lenient[1]);
        assertFalse(lenient[1].contains("\u001b"), "a control byte reached the output");
        String[] strict = SynthRoundTripTest.run("data", "check", "--format", "rafdb", raf.toString(), "--strict");
        assertEquals("1", strict[0], damage + ": " + strict[2]);
        assertEquals(1, strict[2].lines().count(), damage + ": " + strict[2]);
        assertTrue(strict[2].contains(message), damage + " should say '" + message + "': " + strict[2]);
        assertFalse(strict[2].contains("\tat "), strict[2]);
    }

    /** A non-numeric FER2013 pixel is named by its index and value, not reported as a wrong count. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"1x7 | pixel 5 is '1x7'", "a b | pixel 5 is 'a'", "-3 | pixel 5 is '-3'", "256 | pixel 5 is '256'"})
    void ferPixelIsNamed(String value, String message) throws IOException {
        Path fer = dir.resolve("fer");
        Export.write(Domain.FER2013, "fer2013", 10, 1, fer, false, 1);
        Path csv = fer.resolve("fer2013.csv");
        String[] lines = Files.readString(csv).split("\n");
        String[] f = lines[1].split(",");
        String[] px = f[1].split(" ");
        px[5] = value;
        f[1] = String.join(" ", px);
        lines[1] = String.join(",", f);
        Files.writeString(csv, String.join("\n", lines) + "\n");
        String[] strict = SynthRoundTripTest.run("data", "check", "--format", "fer2013", fer.toString(), "--strict");
        assertEquals("1", strict[0], strict[2]);
        assertTrue(strict[2].contains("fer2013.csv:2: " + message + ", not a value 0..255"), strict[2]);
    }

    /** The JPEG's frame header (SOF0..2) made to claim w x h. */
    static byte[] claim(byte[] jpeg, int w, int h) {
        byte[] b = jpeg.clone();
        for (int i = 2; i + 8 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xFF && (b[i + 1] & 0xFF) >= 0xC0 && (b[i + 1] & 0xFF) <= 0xC2) {
                b[i + 5] = (byte) (h >> 8);
                b[i + 6] = (byte) h;
                b[i + 7] = (byte) (w >> 8);
                b[i + 8] = (byte) w;
                return b;
            }
        }
        throw new IllegalStateException("no frame header");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
