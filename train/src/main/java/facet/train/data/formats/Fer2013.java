package facet.train.data.formats;

import facet.nn.io.AtomicFiles;
import facet.train.data.BadInputException;
import facet.train.data.Example;
import facet.train.data.Image;
import facet.train.data.ImageCodec;
import facet.train.data.Problems;
import facet.train.data.Text;
import facet.train.data.transform.Resample;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * FER2013: {@code fer2013.csv} with header {@code emotion,pixels,Usage}, 48x48 greyscale pixels
 * as 2,304 space-separated values per row. The index keeps each row's byte offset, not its
 * pixels: a sample's pixels are re-read from the file when decoded.
 */
final class Fer2013 {
    private Fer2013() {}

    static final int SIDE = 48, PIXELS = SIDE * SIDE;

    /**
     * One data row: its line, the raw fields (null if absent), where its pixels field is, and
     * what is wrong with those pixels (null when they are 2,304 values 0..255).
     */
    record Row(int line, String emotion, String usage, long offset, int length, String pixelProblem) {}

    static Path csv(Path root) {
        Path csv = Files.isRegularFile(root) ? root : root.resolve("fer2013.csv");
        if (!Files.isRegularFile(csv)) throw new NotThisFormatException("fer2013: no fer2013.csv at " + root);
        return csv;
    }

    static DatasetIndex read(Path root, Problems problems) {
        Path csv = csv(root);
        List<Entry> entries = new ArrayList<>();
        for (Row r : rows(csv, problems)) {
            if (r.emotion() == null || r.usage() == null) {
                problems.report(csv, r.line(), "expected 3 fields (emotion,pixels,Usage)");
                continue;
            }
            String split = split(r.usage());
            if (split == null) {
                problems.report(csv, r.line(), "unknown Usage " + Text.quote(r.usage()) + " (Training, PublicTest or PrivateTest)");
                continue;
            }
            Integer raw = Csv.parseInt(r.emotion());
            int label = raw == null ? -2 : SourceLabels.map(SourceLabels.FER2013, raw);
            if (label < 0) {
                problems.report(csv, r.line(), "unknown emotion " + Text.quote(r.emotion()) + " (FER2013 codes are 0..6)");
                continue;
            }
            if (r.pixelProblem() != null) {
                problems.report(csv, r.line(), r.pixelProblem());
                continue;
            }
            entries.add(new Entry(split, label, new Entry.CsvPixels(csv, r.line(), r.offset(), r.length()), null, null, -1));
        }
        return new DatasetIndex(Format.FER2013, root, entries, "test", Map.of());
    }

    /** Training, PublicTest, PrivateTest -> train, val, test. */
    static String split(String usage) {
        return switch (usage.strip()) {
            case "Training" -> "train";
            case "PublicTest" -> "val";
            case "PrivateTest" -> "test";
            default -> null;
        };
    }

    /**
     * The data rows of fer2013.csv, located by byte offset. Columns are found by header name;
     * a row lacking a column has that field null. A byte-order mark is reported and read past.
     */
    static List<Row> rows(Path csv, Problems problems) {
        List<Row> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(csv)) {
            ByteLines lines = new ByteLines(in);
            String header = lines.next();
            if (header == null) throw new NotThisFormatException("fer2013: " + csv + " is empty");
            if (header.startsWith("\u00EF\u00BB\u00BF")) { // the UTF-8 BOM, read as ISO-8859-1
                problems.report(csv, 1, "the file starts with a UTF-8 byte-order mark (bytes EF BB BF), read past it");
                header = header.substring(3);
            }
            List<String> cols = Csv.split(header);
            int ce = Csv.column(cols, "emotion"), cp = Csv.column(cols, "pixels"), cu = Csv.column(cols, "Usage");
            if (ce < 0 || cp < 0 || cu < 0) {
                throw new NotThisFormatException("fer2013: " + csv + " header is " + Text.quote(header.strip()) + ", expected emotion,pixels,Usage");
            }
            for (String line; (line = lines.next()) != null; ) {
                if (line.isBlank()) continue;
                long start = lines.lineStart();
                List<Integer> commas = new ArrayList<>();
                for (int i = 0; i < line.length(); i++) if (line.charAt(i) == ',') commas.add(i);
                int nf = commas.size() + 1;
                int pFrom = cp == 0 ? 0 : cp - 1 < commas.size() ? commas.get(cp - 1) + 1 : line.length();
                int pTo = cp < commas.size() ? commas.get(cp) : line.length();
                String pixels = cp < nf ? line.substring(pFrom, pTo) : "";
                rows.add(new Row(lines.lineNumber(), field(line, commas, ce), field(line, commas, cu),
                        start + pFrom, pTo - pFrom, pixelProblem(pixels)));
            }
        } catch (IOException e) {
            throw new BadInputException(csv.toString(), 0, "cannot read the file (" + e.getMessage() + ")");
        }
        return rows;
    }

    private static String field(String line, List<Integer> commas, int col) {
        if (col > commas.size()) return null;
        int from = col == 0 ? 0 : commas.get(col - 1) + 1, to = col < commas.size() ? commas.get(col) : line.length();
        return line.substring(from, to).strip();
    }

    /** What is wrong with a pixels field, naming the first bad value; null when it holds 2,304 values 0..255. */
    static String pixelProblem(String field) {
        String[] tok = field.strip().split(" +");
        int n = field.isBlank() ? 0 : tok.length;
        for (int i = 0; i < n; i++) {
            if (pixel(tok[i]) < 0) return "pixel " + i + " is " + Text.quote(tok[i]) + ", not a value 0..255";
        }
        return n == PIXELS ? null : "has " + n + " pixel values, expected " + PIXELS + " (48x48)";
    }

    /** A pixel value written as 1 to 3 ASCII digits, 0..255; -1 for anything else (signs, spaces, other digits). */
    private static int pixel(String t) {
        if (t.isEmpty() || t.length() > 3) return -1;
        int v = 0;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = 10 * v + (c - '0');
        }
        return v <= 255 ? v : -1;
    }

    /** Re-reads one row's pixels field and parses it into a 48x48 grey image. */
    static Image pixels(Entry.CsvPixels p) {
        byte[] b = new byte[p.length()];
        try (FileChannel ch = FileChannel.open(p.path(), StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(b);
            while (buf.hasRemaining() && ch.read(buf, p.offset() + buf.position()) > 0) { /* positional reads: thread-safe */ }
        } catch (IOException e) {
            throw new BadInputException(p.path().toString(), p.line(), "cannot read pixels: " + e.getMessage());
        }
        String field = new String(b, StandardCharsets.ISO_8859_1);
        String bad = pixelProblem(field); // the file may have changed since it was indexed
        if (bad != null) throw new BadInputException(p.path().toString(), p.line(), bad);
        String[] tok = field.strip().split(" +");
        Image img = new Image(1, SIDE, SIDE);
        for (int i = 0; i < PIXELS; i++) img.data[i] = pixel(tok[i]) / 255f;
        return img;
    }

    /** Splits a byte stream into lines (\n or \r\n) and remembers where each began. */
    static final class ByteLines {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos, len, number;
        private long consumed, start;

        ByteLines(InputStream in) { this.in = in; }

        /** The next line without its terminator (bytes as ISO-8859-1 chars, so offsets match), or null at the end. */
        String next() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream(10_000);
            start = consumed;
            boolean any = false;
            while (true) {
                if (pos == len) {
                    len = in.read(buf);
                    pos = 0;
                    if (len <= 0) {
                        len = 0;
                        if (!any) return null;
                        break;
                    }
                }
                any = true;
                int from = pos;
                while (pos < len && buf[pos] != '\n') pos++;
                line.write(buf, from, pos - from);
                consumed += pos - from;
                if (pos < len) {
                    pos++;
                    consumed++;
                    break;
                }
            }
            number++;
            byte[] b = line.toByteArray();
            int n = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
            return new String(b, 0, n, StandardCharsets.ISO_8859_1);
        }

        long lineStart() { return start; }

        int lineNumber() { return number; }
    }

    // =========================================================================================
    // Writing
    // =========================================================================================

    /** Facet split -> Usage. */
    static String usage(String split) {
        return switch (split) {
            case "val" -> "PublicTest";
            case "test" -> "PrivateTest";
            default -> "Training";
        };
    }

    /** The 2,304 pixel values of a sample made 48x48 grey. */
    static String pixelField(Example e) {
        Image g = Resample.resize(e.image().toGrey(), SIDE, SIDE);
        StringBuilder sb = new StringBuilder(4 * PIXELS);
        for (int i = 0; i < PIXELS; i++) {
            if (i > 0) sb.append(' ');
            sb.append(ImageCodec.to8(g.data[i]));
        }
        return sb.toString();
    }

    /** Writes fer2013.csv: every sample becomes a 48x48 grey row. */
    static final class Writer implements FormatWriter {
        private final Path out;
        private final StringBuilder csv = new StringBuilder("emotion,pixels,Usage\n");

        Writer(Path out) { this.out = out; }

        @Override public void add(String split, Example e) {
            Writers.requireLabel(e, "fer2013");
            csv.append(SourceLabels.raw(SourceLabels.FER2013, e.label())).append(',').append(pixelField(e)).append(',').append(usage(split)).append('\n');
        }

        @Override public void close() throws IOException {
            Files.createDirectories(out);
            AtomicFiles.writeString(out.resolve("fer2013.csv"), csv.toString());
        }
    }
}
