package facet.train.data.formats;

import facet.nn.io.AtomicFiles;
import facet.train.data.Example;
import facet.train.data.ImageCodec;
import facet.train.data.Problems;
import facet.train.data.Text;
import facet.train.data.Rng;
import facet.train.data.transform.Resample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * FER+: FER2013's faces relabelled by ten annotators each. Two layouts:
 * {@code fer2013new.csv} beside {@code fer2013.csv} (rows in the same order, pixels from the
 * latter), or folders {@code FER2013Train}, {@code FER2013Valid}, {@code FER2013Test} of PNGs
 * with a {@code label.csv} each. Votes are the last 10 fields of a row; the label is the FER+
 * majority ({@link SourceLabels#ferPlusMajority}), never the argmax. Unknown, non-face and
 * contempt majorities are dropped.
 */
final class FerPlus {
    private FerPlus() {}

    static final String[] FOLDERS = {"FER2013Train", "FER2013Valid", "FER2013Test"};
    static final String[] SPLITS = {"train", "val", "test"};

    static DatasetIndex read(Path root, Problems problems) {
        Path dir = Files.isRegularFile(root) ? root.getParent() : root;
        if (Files.isRegularFile(dir.resolve("fer2013new.csv"))) return readCsv(dir, problems);
        for (String f : FOLDERS) if (Folders.child(dir, f) != null) return readFolders(dir, problems);
        throw new NotThisFormatException("ferplus: neither fer2013new.csv nor FER2013Train/FER2013Valid/FER2013Test folders under " + root);
    }

    private static DatasetIndex readCsv(Path dir, Problems problems) {
        Path news = dir.resolve("fer2013new.csv");
        if (!Files.isRegularFile(dir.resolve("fer2013.csv"))) {
            throw new NotThisFormatException("ferplus: " + news + " needs fer2013.csv beside it (its pixels)");
        }
        Path pixCsv = dir.resolve("fer2013.csv");
        List<Fer2013.Row> pixels = Fer2013.rows(pixCsv, problems);
        List<String> lines = Folders.readLines(news, problems);
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> dropped = new HashMap<>();
        int row = -1;
        for (int ln = 2; ln <= lines.size(); ln++) {
            String line = lines.get(ln - 1);
            if (line.isBlank()) continue;
            row++;
            List<String> f = Csv.split(line);
            if (f.size() < 12) {
                problems.report(news, ln, "expected Usage, Image name and 10 vote counts, got " + f.size() + " fields");
                continue;
            }
            if (f.get(1).isBlank()) { // FER+ marks the rows of FER2013 that are not faces with an empty name
                dropped.merge("not a face (empty name)", 1, Integer::sum);
                continue;
            }
            String split = Fer2013.split(f.getFirst());
            if (split == null) {
                problems.report(news, ln, "unknown Usage " + Text.quote(f.getFirst()) + " (Training, PublicTest or PrivateTest)");
                continue;
            }
            int label = label(f, news, ln, problems, dropped);
            if (label == -2) continue;
            if (row >= pixels.size()) {
                problems.report(news, ln, "data row " + (row + 1) + " has no matching row in fer2013.csv (" + pixels.size() + " rows)");
                continue;
            }
            Fer2013.Row px = pixels.get(row);
            if (px.pixelProblem() != null) {
                problems.report(pixCsv, px.line(), px.pixelProblem());
                continue;
            }
            entries.add(new Entry(split, label, new Entry.CsvPixels(pixCsv, px.line(), px.offset(), px.length()), null, null, -1));
        }
        return new DatasetIndex(Format.FERPLUS, dir, entries, "test", dropped);
    }

    private static DatasetIndex readFolders(Path dir, Problems problems) {
        List<Entry> entries = new ArrayList<>();
        Map<String, Integer> dropped = new HashMap<>();
        for (int s = 0; s < FOLDERS.length; s++) {
            Path folder = Folders.child(dir, FOLDERS[s]);
            if (folder == null) continue;
            Path labels = folder.resolve("label.csv");
            if (!Files.isRegularFile(labels)) {
                problems.report(folder, 0, "has no label.csv");
                continue;
            }
            List<String> lines = Folders.readLines(labels, problems);
            Folders.Seen seen = new Folders.Seen();
            for (int ln = 1; ln <= lines.size(); ln++) {
                String line = lines.get(ln - 1);
                if (line.isBlank()) continue;
                List<String> f = Csv.split(line);
                if (f.size() < 11) {
                    problems.report(labels, ln, "expected an image name and 10 vote counts, got " + f.size() + " fields");
                    continue;
                }
                int label = label(f, labels, ln, problems, dropped);
                if (label == -2) continue;
                String name = f.getFirst().strip();
                if (!seen.first(name, labels, ln, problems, "image " + Text.quote(name))) continue;
                Path image = Folders.safeChild(folder, name);
                if (image == null) {
                    problems.report(labels, ln, "image name " + Text.quote(name) + " is not a file name inside " + folder.getFileName() + "/");
                    continue;
                }
                if (!Files.isRegularFile(image)) {
                    problems.report(labels, ln, "missing image " + folder.getFileName() + "/" + Text.quote(name));
                    continue;
                }
                entries.add(new Entry(SPLITS[s], label, new Entry.File(image), null, null, -1));
            }
        }
        return new DatasetIndex(Format.FERPLUS, dir, entries, "test", dropped);
    }

    /** The majority label from the last 10 fields; -2 (after reporting or counting) when there is none to keep. */
    private static int label(List<String> f, Path file, int ln, Problems problems, Map<String, Integer> dropped) {
        int[] votes = new int[10];
        for (int i = 0; i < 10; i++) {
            String v = f.get(f.size() - 10 + i);
            Integer n = Csv.parseRounded(v);
            if (n == null || n < 0) {
                problems.report(file, ln, "vote count " + SourceLabels.FERPLUS_COLUMNS[i] + " = " + Text.quote(v.strip()) + " is not a count");
                return -2;
            }
            votes[i] = n;
        }
        int col = SourceLabels.ferPlusMajority(votes);
        if (col < 0) {
            dropped.merge("no majority (unknown)", 1, Integer::sum);
            return -2;
        }
        int label = SourceLabels.FERPLUS_VOTES[col];
        if (label < 0) {
            dropped.merge("majority " + SourceLabels.FERPLUS_COLUMNS[col], 1, Integer::sum);
            return -2;
        }
        return label;
    }

    // =========================================================================================
    // Writing
    // =========================================================================================

    /**
     * Ten votes whose FER+ majority is the sample's label: 6 to 9 for it, the rest spread over
     * other columns (single stray votes are zeroed by the rule anyway).
     */
    static int[] votes(int label, Rng r) {
        int[] v = new int[10];
        int mine = 6 + r.below(4), col = SourceLabels.raw(SourceLabels.FERPLUS_VOTES, label);
        v[col] = mine;
        for (int left = 10 - mine; left > 0; left--) {
            int other = r.below(9);
            v[other >= col ? other + 1 : other]++;
        }
        return v;
    }

    private static String voteFields(int[] v) {
        StringBuilder sb = new StringBuilder();
        for (int x : v) sb.append(',').append(x);
        return sb.toString();
    }

    /** fer2013.csv and fer2013new.csv, rows in the same order. */
    static final class CsvWriter implements FormatWriter {
        private final Path out;
        private final long seed;
        private final Fer2013.Writer pixels;
        private final StringBuilder csv = new StringBuilder("Usage,Image name," + String.join(",", SourceLabels.FERPLUS_COLUMNS) + "\n");
        private int row;

        CsvWriter(Path out, long seed) {
            this.out = out;
            this.seed = seed;
            this.pixels = new Fer2013.Writer(out);
        }

        @Override public void add(String split, Example e) {
            Writers.requireLabel(e, "ferplus");
            pixels.add(split, e);
            csv.append(Fer2013.usage(split)).append(',').append(String.format("fer%07d.png", row))
                    .append(voteFields(votes(e.label(), Rng.of(seed, row)))).append('\n');
            row++;
        }

        @Override public void close() throws IOException {
            pixels.close();
            AtomicFiles.writeString(out.resolve("fer2013new.csv"), csv.toString());
        }
    }

    /** FER2013Train / FER2013Valid / FER2013Test with 48x48 grey PNGs and label.csv. */
    static final class FolderWriter implements FormatWriter {
        private final Path out;
        private final long seed;
        private final Map<String, StringBuilder> labels = new HashMap<>();
        private int row;

        FolderWriter(Path out, long seed) {
            this.out = out;
            this.seed = seed;
        }

        @Override public void add(String split, Example e) throws IOException {
            Writers.requireLabel(e, "ferplus-folders");
            int s = split.equals("val") ? 1 : split.equals("test") ? 2 : 0;
            String name = String.format("fer%07d.png", row);
            var img = Resample.resize(e.image().toGrey(), Fer2013.SIDE, Fer2013.SIDE);
            ImageCodec.write(img, out.resolve(FOLDERS[s]).resolve(name), 1f);
            labels.computeIfAbsent(FOLDERS[s], k -> new StringBuilder())
                    .append(name).append(",\"(0, 0, 48, 48)\"").append(voteFields(votes(e.label(), Rng.of(seed, row)))).append('\n');
            row++;
        }

        @Override public void close() throws IOException {
            for (var kv : labels.entrySet()) AtomicFiles.writeString(out.resolve(kv.getKey()).resolve("label.csv"), kv.getValue().toString());
        }
    }
}
