package facet.train.data.formats;

import facet.nn.io.AtomicFiles;
import facet.train.data.Box;
import facet.train.data.Example;
import facet.train.data.Image;
import facet.train.data.ImageCodec;
import facet.train.data.Problems;
import facet.train.data.Text;
import facet.train.data.Rng;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AffectNet, in either layout. Original: {@code training.csv} / {@code validation.csv} (at the
 * root or in {@code Manually_Annotated_file_lists/}) naming images under
 * {@code Manually_Annotated_Images/} with a face box and codes 0..10. Newer:
 * {@code {train_set,val_set}/images/<id>.jpg} with {@code annotations/<id>_exp.npy}, codes 0..7,
 * images already cropped. The validation set is the test set. Contempt, none, uncertain and
 * non-face codes are dropped.
 */
final class AffectNet {
    private AffectNet() {}

    static final String IMAGES = "Manually_Annotated_Images";
    static final String[] CSV_COLUMNS = {"subDirectory_filePath", "face_x", "face_y", "face_width", "face_height",
            "facial_landmarks", "expression", "valence", "arousal"};

    static DatasetIndex read(Path root, Problems problems) {
        Path lists = Files.isDirectory(root.resolve("Manually_Annotated_file_lists")) ? root.resolve("Manually_Annotated_file_lists") : root;
        boolean csv = Files.isRegularFile(lists.resolve("training.csv")) || Files.isRegularFile(lists.resolve("validation.csv"));
        if (csv) return readCsv(root, lists, problems);
        if (Files.isDirectory(root.resolve("train_set")) || Files.isDirectory(root.resolve("val_set"))) return readNpy(root, problems);
        throw new NotThisFormatException("affectnet: neither training.csv / validation.csv nor train_set/ val_set/ under " + root);
    }

    private static DatasetIndex readCsv(Path root, Path lists, Problems problems) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> dropped = new HashMap<>();
        for (String[] file : new String[][] {{"training.csv", "train"}, {"validation.csv", "val"}}) {
            Path csv = lists.resolve(file[0]);
            if (!Files.isRegularFile(csv)) continue;
            List<String> lines = Folders.readLines(csv, problems);
            Folders.Seen seen = new Folders.Seen();
            int[] col = {0, 1, 2, 3, 4, 6};
            int first = 1;
            if (!lines.isEmpty() && lines.getFirst().startsWith("subDirectory_filePath")) {
                List<String> h = Csv.split(lines.getFirst());
                String[] want = {"subDirectory_filePath", "face_x", "face_y", "face_width", "face_height", "expression"};
                for (int i = 0; i < want.length; i++) {
                    col[i] = Csv.column(h, want[i]);
                    if (col[i] < 0) throw new NotThisFormatException("affectnet: " + csv + " header lacks the column " + want[i]);
                }
                first = 2;
            }
            int need = Arrays.stream(col).max().orElse(0) + 1;
            for (int ln = first; ln <= lines.size(); ln++) {
                String line = lines.get(ln - 1);
                if (line.isBlank()) continue;
                List<String> f = Csv.split(line);
                if (f.size() < need) {
                    problems.report(csv, ln, "expected " + CSV_COLUMNS.length + " fields (" + String.join(",", CSV_COLUMNS) + "), got " + f.size());
                    continue;
                }
                Integer raw = Csv.parseInt(f.get(col[5]));
                int label = raw == null ? -2 : SourceLabels.map(SourceLabels.AFFECTNET, raw);
                if (label == -2) {
                    problems.report(csv, ln, "unknown expression " + Text.quote(f.get(col[5]).strip()) + " (AffectNet codes are 0..10)");
                    continue;
                }
                if (label < 0) {
                    dropped.merge("code " + raw + " (contempt, none, uncertain or non-face)", 1, Integer::sum);
                    continue;
                }
                Integer x = Csv.parseRounded(f.get(col[1])), y = Csv.parseRounded(f.get(col[2]));
                Integer w = Csv.parseRounded(f.get(col[3])), h = Csv.parseRounded(f.get(col[4]));
                if (x == null || y == null || w == null || h == null || w <= 0 || h <= 0) {
                    problems.report(csv, ln, "face box " + Text.quote(f.get(col[1]) + ", " + f.get(col[2]) + ", " + f.get(col[3]) + ", "
                            + f.get(col[4])) + " is not four numbers with positive size");
                    continue;
                }
                String rel = f.get(col[0]).strip();
                if (!seen.first(rel, csv, ln, problems, "image " + Text.quote(rel))) continue;
                Path image = Folders.safeChild(root.resolve(IMAGES), rel);
                if (image == null || !Files.isRegularFile(image)) {
                    problems.report(csv, ln, "missing image " + IMAGES + "/" + Text.quote(rel));
                    continue;
                }
                entries.add(new Entry(file[1], label, new Entry.File(image), new Box(x, y, w, h), null, -1));
            }
        }
        return new DatasetIndex(Format.AFFECTNET, root, entries, "val", dropped);
    }

    private static DatasetIndex readNpy(Path root, Problems problems) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> dropped = new HashMap<>();
        for (String[] set : new String[][] {{"train_set", "train"}, {"val_set", "val"}}) {
            Path dir = root.resolve(set[0]);
            if (!Files.isDirectory(dir)) continue;
            Path images = dir.resolve("images"), ann = dir.resolve("annotations");
            if (!Files.isDirectory(images)) {
                problems.report(dir, 0, "has no images/ folder");
                continue;
            }
            for (Path img : Folders.list(images)) {
                if (!ImageCodec.isImage(img)) continue;
                String id = Folders.stem(img.getFileName().toString());
                Path npy = ann.resolve(id + "_exp.npy");
                int raw;
                try {
                    raw = Npy.readScalarInt(npy);
                } catch (NoSuchFileException e) {
                    problems.report(npy, 0, "missing annotation for image " + set[0] + "/images/" + img.getFileName());
                    continue;
                } catch (IOException | IllegalArgumentException e) {
                    problems.report(npy, 0, "unreadable expression annotation: " + e.getMessage());
                    continue;
                }
                int label = raw >= 0 && raw <= 7 ? SourceLabels.map(SourceLabels.AFFECTNET, raw) : -2;
                if (label == -2) {
                    problems.report(npy, 0, "unknown expression code " + raw + " (this layout's codes are 0..7)");
                    continue;
                }
                if (label < 0) {
                    dropped.merge("code " + raw + " (contempt)", 1, Integer::sum);
                    continue;
                }
                entries.add(new Entry(set[1], label, new Entry.File(img), null, null, -1));
            }
        }
        return new DatasetIndex(Format.AFFECTNET, root, entries, "val", dropped);
    }

    // =========================================================================================
    // Writing
    // =========================================================================================

    /**
     * The original layout: each face pasted into a larger picture at a random place (the margin
     * mirrors the face's edges, as a photo continues past a crop), with its box in the csv.
     */
    static final class CsvWriter implements FormatWriter {
        private final Path out;
        private final long seed;
        private final Map<String, StringBuilder> csvs = new HashMap<>();
        private int n;

        CsvWriter(Path out, long seed) {
            this.out = out;
            this.seed = seed;
        }

        @Override public void add(String split, Example e) throws IOException {
            Writers.requireLabel(e, "affectnet");
            Image face = e.image().toRgb();
            Rng r = Rng.of(seed, n);
            int left = r.below(face.width / 2 + 1), top = r.below(face.height / 2 + 1);
            int w = face.width + left + r.below(face.width / 2 + 1), h = face.height + top + r.below(face.height / 2 + 1);
            Image photo = mirrorPad(face, top, left, h, w);
            String rel = (1 + n / 500) + "/" + String.format("%08x.jpg", Rng.of(seed, n, 1).nextInt());
            ImageCodec.write(photo, out.resolve(IMAGES).resolve(rel), 0.9f);
            String file = split.equals("train") ? "training.csv" : "validation.csv";
            csvs.computeIfAbsent(file, k -> new StringBuilder(String.join(",", CSV_COLUMNS) + "\n"))
                    .append(rel).append(',').append(left).append(',').append(top).append(',').append(face.width).append(',')
                    .append(face.height).append(",\"\",").append(SourceLabels.raw(SourceLabels.AFFECTNET, e.label()))
                    .append(",0.0,0.0\n");
            n++;
        }

        @Override public void close() throws IOException {
            Files.createDirectories(out);
            for (var kv : csvs.entrySet()) AtomicFiles.writeString(out.resolve(kv.getKey()), kv.getValue().toString());
        }
    }

    /** face placed at (top, left) of an h x w picture, the rest reflected from the face. */
    static Image mirrorPad(Image face, int top, int left, int h, int w) {
        Image out = new Image(face.channels, h, w);
        for (int c = 0; c < face.channels; c++) {
            for (int y = 0; y < h; y++) {
                int sy = reflect(y - top, face.height);
                for (int x = 0; x < w; x++) out.set(c, y, x, face.get(c, sy, reflect(x - left, face.width)));
            }
        }
        return out;
    }

    private static int reflect(int i, int n) {
        int period = 2 * n;
        i = Math.floorMod(i, period);
        return i < n ? i : period - 1 - i;
    }

    /** The newer layout: cropped faces and one _exp.npy per image. */
    static final class NpyWriter implements FormatWriter {
        private final Path out;
        private int n;

        NpyWriter(Path out) { this.out = out; }

        @Override public void add(String split, Example e) throws IOException {
            Writers.requireLabel(e, "affectnet-npy");
            Path set = out.resolve(split.equals("train") ? "train_set" : "val_set");
            String id = Integer.toString(n++);
            ImageCodec.write(e.image().toRgb(), set.resolve("images/" + id + ".jpg"), 0.9f);
            Files.createDirectories(set.resolve("annotations"));
            Npy.writeScalarString(set.resolve("annotations/" + id + "_exp.npy"), SourceLabels.raw(SourceLabels.AFFECTNET, e.label()));
        }

        @Override public void close() {}
    }
}
