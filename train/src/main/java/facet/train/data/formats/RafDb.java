package facet.train.data.formats;

import facet.nn.io.AtomicFiles;
import facet.train.data.Example;
import facet.train.data.ImageCodec;
import facet.train.data.Problems;
import facet.train.data.Text;
import facet.train.data.transform.Resample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * RAF-DB basic: {@code basic/EmoLabel/list_patition_label.txt} (sic; the correct spelling is
 * accepted too), one "name label" line per image, label 1..7; split from the name prefix;
 * pixels from {@code Image/aligned/<stem>_aligned.jpg}, else {@code Image/original/<name>}.
 */
final class RafDb {
    private RafDb() {}

    static final int ALIGNED_SIZE = 100;

    static DatasetIndex read(Path root, Problems problems) {
        Path base = Files.isDirectory(root.resolve("basic")) ? root.resolve("basic") : root;
        Path labels = base.resolve("EmoLabel/list_patition_label.txt");
        if (!Files.isRegularFile(labels)) labels = base.resolve("EmoLabel/list_partition_label.txt");
        if (!Files.isRegularFile(labels)) {
            throw new NotThisFormatException("rafdb: no basic/EmoLabel/list_patition_label.txt under " + root);
        }
        Path aligned = base.resolve("Image/aligned"), original = base.resolve("Image/original");
        Set<String> alignedNames = names(aligned), originalNames = names(original);
        List<Entry> entries = new ArrayList<>();
        List<String> lines = Folders.readLines(labels, problems);
        Folders.Seen seen = new Folders.Seen();
        for (int ln = 1; ln <= lines.size(); ln++) {
            String line = lines.get(ln - 1).strip();
            if (line.isEmpty()) continue;
            String[] tok = line.split("\\s+");
            if (tok.length < 2) {
                problems.report(labels, ln, "expected '<image name> <label 1..7>', got " + Text.quote(line));
                continue;
            }
            String name = tok[0];
            Integer raw = Csv.parseInt(tok[tok.length - 1]);
            if (raw == null) {
                problems.report(labels, ln, "label " + Text.quote(tok[tok.length - 1]) + " is not a number");
                continue;
            }
            int label = SourceLabels.rafdb(raw);
            if (label < 0) {
                problems.report(labels, ln, "unknown label " + raw + " (RAF-DB basic labels are 1..7)");
                continue;
            }
            String split = name.startsWith("train_") ? "train" : name.startsWith("test_") ? "test" : null;
            if (split == null) {
                problems.report(labels, ln, "image name " + Text.quote(name) + " starts with neither train_ nor test_");
                continue;
            }
            if (!seen.first(name, labels, ln, problems, "image " + Text.quote(name))) continue;
            String alignedName = Folders.stem(name) + "_aligned.jpg";
            Path image = alignedNames.contains(alignedName) ? aligned.resolve(alignedName)
                    : originalNames.contains(name) ? original.resolve(name) : null;
            if (image == null) {
                problems.report(labels, ln, "missing image: neither Image/aligned/" + alignedName + " nor Image/original/" + name + " exists");
                continue;
            }
            entries.add(new Entry(split, label, new Entry.File(image), null, null, -1));
        }
        return new DatasetIndex(Format.RAFDB, root, entries, "test", Map.of());
    }

    private static Set<String> names(Path dir) {
        Set<String> s = new HashSet<>();
        if (Files.isDirectory(dir)) for (Path p : Folders.list(dir)) s.add(p.getFileName().toString());
        return s;
    }

    /** Writes 100x100 aligned JPEGs and the label file; splits other than train go to test. */
    static final class Writer implements FormatWriter {
        private final Path base;
        private final StringBuilder labels = new StringBuilder();
        private int train, test;

        Writer(Path out) { base = out.resolve("basic"); }

        @Override public void add(String split, Example e) throws IOException {
            Writers.requireLabel(e, "rafdb");
            boolean isTrain = split.equals("train");
            String name = isTrain ? String.format("train_%05d.jpg", ++train) : String.format("test_%04d.jpg", ++test);
            var img = Resample.resize(e.image().toRgb(), ALIGNED_SIZE, ALIGNED_SIZE);
            ImageCodec.write(img, base.resolve("Image/aligned/" + Folders.stem(name) + "_aligned.jpg"), 0.92f);
            labels.append(name).append(' ').append(e.label() + 1).append('\n');
        }

        @Override public void close() throws IOException {
            Files.createDirectories(base.resolve("EmoLabel"));
            AtomicFiles.writeString(base.resolve("EmoLabel/list_patition_label.txt"), labels.toString());
        }
    }
}
