package facet.train.data.formats;

import facet.train.data.Example;
import facet.train.data.ImageCodec;
import facet.train.data.Problems;
import facet.train.data.Text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SFEW 2.0: {@code Train/} and {@code Val/}, each with one folder per emotion (Angry, Disgust,
 * Fear, Happy, Neutral, Sad, Surprise; any case) of PNG or JPEG stills. Val is the test split of
 * cross-domain work. Files that are not images (thumbnails databases, notes) are ignored.
 */
final class Sfew {
    private Sfew() {}

    static DatasetIndex read(Path root, Problems problems) {
        Path train = Folders.child(root, "Train"), val = Folders.child(root, "Val");
        if (train == null && val == null) throw new NotThisFormatException("sfew: no Train/ or Val/ folder under " + root);
        List<Entry> entries = new ArrayList<>();
        for (Path dir : new Path[] {train, val}) {
            if (dir == null || !Files.isDirectory(dir)) continue;
            String split = dir == train ? "train" : "val";
            for (Path emo : Folders.list(dir)) {
                if (!Files.isDirectory(emo)) continue;
                int label = SourceLabels.sfew(emo.getFileName().toString());
                if (label < 0) {
                    problems.report(emo, 0, "unknown emotion folder " + Text.quote(emo.getFileName().toString())
                            + " (expected Angry, Disgust, Fear, Happy, Neutral, Sad, Surprise)");
                    continue;
                }
                for (Path img : Folders.list(emo)) {
                    if (Files.isRegularFile(img) && ImageCodec.isImage(img)) entries.add(new Entry(split, label, new Entry.File(img), null, null, -1));
                }
            }
        }
        return new DatasetIndex(Format.SFEW, root, entries, "val", Map.of());
    }

    /** Train/<Emotion>/ and Val/<Emotion>/ PNGs; test and all go to Val. */
    static final class Writer implements FormatWriter {
        private final Path out;
        private int n;

        Writer(Path out) { this.out = out; }

        @Override public void add(String split, Example e) throws IOException {
            Writers.requireLabel(e, "sfew");
            String dir = split.equals("train") ? "Train" : "Val";
            ImageCodec.write(e.image(), out.resolve(dir).resolve(SourceLabels.SFEW_FOLDERS[e.label()])
                    .resolve(String.format("synth_%06d.png", n++)), 1f);
        }

        @Override public void close() {}
    }
}
