package facet.train.data.formats;

import facet.train.data.Example;
import facet.train.data.ImageCodec;
import facet.train.data.Problems;
import facet.train.data.Text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Unlabelled faces for pre-training: any folder of images, searched recursively. Recognises
 * CelebA's {@code list_eval_partition.txt} (0 train, 1 val, 2 test; at the root or beside
 * {@code img_align_celeba/}) for splits, and CASIA-WebFace's {@code <7-digit identity>/} folders
 * for identities; FFHQ and other folders are split "all".
 */
final class FaceFolder {
    private FaceFolder() {}

    static DatasetIndex read(Path root, Problems problems) {
        if (!Files.isDirectory(root)) throw new NotThisFormatException("faces: " + root + " is not a folder");
        List<Path> images = Folders.imagesBelow(root);
        if (images.isEmpty()) throw new NotThisFormatException("faces: no image files under " + root);
        Map<String, String> partition = partition(root, problems);
        List<Entry> entries = new ArrayList<>();
        for (Path p : images) {
            String split = "all";
            if (partition != null) {
                split = partition.get(p.getFileName().toString());
                if (split == null) {
                    problems.report(p, 0, "not listed in list_eval_partition.txt");
                    continue;
                }
            }
            String parent = p.getParent().getFileName() == null ? "" : p.getParent().getFileName().toString();
            int identity = parent.matches("\\d{7}") ? Integer.parseInt(parent) : -1;
            entries.add(new Entry(split, -1, new Entry.File(p), null, null, identity));
        }
        return new DatasetIndex(Format.FACES, root, entries, partition == null ? "all" : "test", Map.of());
    }

    /** CelebA's name -> split map, or null when the folder has no partition file. */
    private static Map<String, String> partition(Path root, Problems problems) {
        Path file = root.resolve("list_eval_partition.txt");
        if (!Files.isRegularFile(file)) file = root.resolve("Eval/list_eval_partition.txt");
        if (!Files.isRegularFile(file)) return null;
        Map<String, String> m = new HashMap<>();
        List<String> lines = Folders.readLines(file, problems);
        Folders.Seen seen = new Folders.Seen();
        for (int ln = 1; ln <= lines.size(); ln++) {
            String line = lines.get(ln - 1).strip();
            if (line.isEmpty()) continue;
            String[] t = line.split("\\s+");
            Integer code = t.length == 2 ? Csv.parseInt(t[1]) : null;
            if (code == null || code < 0 || code > 2) {
                problems.report(file, ln, "expected '<image name> <0|1|2>', got " + Text.quote(line));
                continue;
            }
            if (!seen.first(t[0], file, ln, problems, "image " + Text.quote(t[0]))) continue;
            m.put(t[0], code == 0 ? "train" : code == 1 ? "val" : "test");
        }
        return m;
    }

    /** CelebA's aligned layout: img_align_celeba/000001.jpg, ... (no partition file: split "all"). */
    static final class Writer implements FormatWriter {
        private final Path out;
        private int n;

        Writer(Path out) { this.out = out; }

        @Override public void add(String split, Example e) throws IOException {
            ImageCodec.write(e.image(), out.resolve("img_align_celeba").resolve(String.format("%06d.jpg", ++n)), 0.92f);
        }

        @Override public void close() {}
    }
}
