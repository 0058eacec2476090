package facet.train.data.formats;

import facet.train.data.Example;
import facet.train.data.Expression;
import facet.train.data.Fixtures;
import facet.train.data.Image;
import facet.train.data.Problem;
import facet.train.data.Problems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class AffectNetTest {
    @TempDir Path root;

    /** A 40x30 black picture with a white 10x8 face box at (x 12, y 5). */
    private static Image photo() {
        Image img = Fixtures.solid(3, 40, 30, 0f);
        for (int c = 0; c < 3; c++) for (int y = 5; y < 13; y++) for (int x = 12; x < 22; x++) img.set(c, y, x, 1f);
        return img;
    }

    @Test
    void csvLayoutCropsTheFaceBoxAndDropsNonEmotionCodes() throws Exception {
        Fixtures.image(root.resolve("Manually_Annotated_Images/1/a.png"), photo());
        Fixtures.text(root.resolve("training.csv"),
                "subDirectory_filePath,face_x,face_y,face_width,face_height,facial_landmarks,expression,valence,arousal",
                "1/a.png,12,5,10,8,\"1;2;3\",6,0.1,0.2",     // 2: Anger
                "1/a.png,12,5,10,8,,7,0,0",                  // 3: contempt: dropped
                "1/a.png,12,5,10,8,,12,0,0",                 // 4: unknown code
                "1/b.png,12,5,10,8,,1,0,0",                  // 5: missing image
                "1/a.png,12,5,0,8,,1,0,0",                   // 6: empty box
                "1/a.png,12,5");                             // 7: too few fields
        Fixtures.text(root.resolve("validation.csv"),
                "subDirectory_filePath,face_x,face_y,face_width,face_height,facial_landmarks,expression,valence,arousal",
                "1/a.png,30,20,20,20,,3,0,0");              // overhangs the picture: clipped when cropped
        Problems p = Problems.lenient();
        DatasetIndex idx = Format.AFFECTNET.read(root, p);
        assertEquals(List.of(4, 5, 6, 7), p.list().stream().map(Problem::line).toList(), p.list().toString());
        assertEquals(1, idx.dropped().values().iterator().next());
        assertEquals("val", idx.evalSplit());
        Example face = idx.dataset("train").get(0);
        assertEquals(Expression.ANGER.ordinal(), face.label());
        assertEquals(10, face.image().width);
        assertEquals(8, face.image().height);
        assertEquals(1f, face.image().get(0, 0, 0), 1e-6, "the crop starts at the box's corner");
        Example clipped = idx.dataset("val").get(0);
        assertEquals(10, clipped.image().width);
        assertEquals(Expression.SURPRISE.ordinal(), clipped.label());
    }

    private static void npyInt64(Path p, long v) throws Exception {
        String dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (), }";
        String header = dict + " ".repeat(128 - 10 - dict.length() - 1) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII)).putLong(v);
        Files.createDirectories(p.getParent());
        Files.write(p, b.array());
    }

    @Test
    void npyLayoutReadsStringAndIntegerCodes() throws Exception {
        Path train = root.resolve("train_set"), val = root.resolve("val_set");
        Fixtures.image(train.resolve("images/0.jpg"), Fixtures.solid(3, 16, 16, 0.5f));
        Fixtures.image(train.resolve("images/1.jpg"), Fixtures.solid(3, 16, 16, 0.5f));
        Fixtures.image(train.resolve("images/2.jpg"), Fixtures.solid(3, 16, 16, 0.5f));
        Fixtures.image(train.resolve("images/3.jpg"), Fixtures.solid(3, 16, 16, 0.5f));
        Fixtures.image(val.resolve("images/9.jpg"), Fixtures.solid(3, 16, 16, 0.5f));
        Files.createDirectories(train.resolve("annotations"));
        Npy.writeScalarString(train.resolve("annotations/0_exp.npy"), 2);   // Sad
        npyInt64(train.resolve("annotations/1_exp.npy"), 7);               // contempt: dropped
        Fixtures.corrupt(train.resolve("annotations/2_exp.npy"));          // 2: unreadable
        npyInt64(val.resolve("annotations/9_exp.npy"), 4);                 // Fear; 3.jpg has no annotation
        Problems p = Problems.lenient();
        DatasetIndex idx = Format.AFFECTNET.read(root, p);
        assertEquals(List.of(Expression.SADNESS.ordinal(), Expression.FEAR.ordinal()), idx.entries().stream().map(Entry::label).toList());
        assertEquals(2, p.count(), p.list().toString());
        assertTrue(p.list().stream().anyMatch(x -> x.path().endsWith("3_exp.npy") && x.reason().startsWith("missing annotation")));
        assertTrue(p.list().stream().anyMatch(x -> x.path().endsWith("2_exp.npy") && x.reason().contains("bad magic")));
    }
}
