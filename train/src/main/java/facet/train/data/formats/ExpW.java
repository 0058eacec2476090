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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * ExpW: whole scenes in {@code image/origin/} and {@code label/label.lst}, one face per line,
 * {@code name face_id top left right bottom confidence label}, label in FER2013 order. The face
 * is rows top..bottom, columns left..right (end exclusive). No official split: everything is
 * split "all".
 */
final class ExpW {
    private ExpW() {}

    static DatasetIndex read(Path root, Problems problems) {
        Path lst = root.resolve("label/label.lst"), images = root.resolve("image/origin");
        if (!Files.isRegularFile(lst)) throw new NotThisFormatException("expw: no label/label.lst under " + root);
        Set<String> present = new HashSet<>();
        if (Files.isDirectory(images)) for (Path p : Folders.list(images)) present.add(p.getFileName().toString());
        List<Entry> entries = new ArrayList<>();
        List<String> lines = Folders.readLines(lst, problems);
        Folders.Seen seen = new Folders.Seen();
        for (int ln = 1; ln <= lines.size(); ln++) {
            String line = lines.get(ln - 1).strip();
            if (line.isEmpty()) continue;
            String[] t = line.split("\\s+");
            if (t.length != 8) {
                problems.report(lst, ln, "expected 8 fields (image face_id top left right bottom confidence label), got " + t.length);
                continue;
            }
            Integer top = Csv.parseInt(t[2]), left = Csv.parseInt(t[3]), right = Csv.parseInt(t[4]), bottom = Csv.parseInt(t[5]);
            Integer raw = Csv.parseInt(t[7]);
            if (top == null || left == null || right == null || bottom == null) {
                problems.report(lst, ln, "face box " + Text.quote(t[2] + " " + t[3] + " " + t[4] + " " + t[5]) + " is not four integers");
                continue;
            }
            if (right <= left || bottom <= top) {
                problems.report(lst, ln, "empty face box: top " + top + ", left " + left + ", right " + right + ", bottom " + bottom);
                continue;
            }
            int label = raw == null ? -2 : SourceLabels.map(SourceLabels.FER2013, raw);
            if (label < 0) {
                problems.report(lst, ln, "unknown label " + Text.quote(t[7]) + " (ExpW labels are 0..6)");
                continue;
            }
            if (!seen.first(t[0] + " " + t[1], lst, ln, problems, "face " + Text.quote(t[1]) + " of image " + Text.quote(t[0]))) continue;
            if (!present.contains(t[0])) {
                problems.report(lst, ln, "missing image image/origin/" + t[0]);
                continue;
            }
            entries.add(new Entry("all", label, new Entry.File(images.resolve(t[0])), new Box(left, top, right - left, bottom - top), null, -1));
        }
        return new DatasetIndex(Format.EXPW, root, entries, "all", Map.of());
    }

    /**
     * Groups consecutive faces into scenes of 1 to 3 side by side, on a backdrop that continues
     * each face's edges, and writes one label.lst line per face.
     */
    static final class Writer implements FormatWriter {
        private final Path out;
        private final long seed;
        private final List<Example> pending = new ArrayList<>();
        private final StringBuilder lst = new StringBuilder();
        private int scenes, groupSize;

        Writer(Path out, long seed) {
            this.out = out;
            this.seed = seed;
            this.groupSize = nextGroup();
        }

        private int nextGroup() { return 1 + Rng.of(seed, scenes).below(3); }

        @Override public void add(String split, Example e) throws IOException {
            Writers.requireLabel(e, "expw");
            pending.add(e);
            if (pending.size() == groupSize) flush();
        }

        private void flush() throws IOException {
            if (pending.isEmpty()) return;
            Rng r = Rng.of(seed, scenes, 1);
            int gap = 4 + r.below(12), margin = 6 + r.below(20);
            int w = margin, h = 0;
            for (Example e : pending) {
                w += e.image().width + gap;
                h = Math.max(h, e.image().height);
            }
            w += margin - gap;
            h += 2 * margin;
            Image scene = AffectNet.mirrorPad(pending.getFirst().image().toRgb(), margin, margin, h, w);
            String name = String.format("scene_%06d.jpg", scenes);
            int x = margin;
            for (int id = 0; id < pending.size(); id++) {
                Image face = pending.get(id).image().toRgb();
                int y = margin + r.below(h - 2 * margin - face.height + 1);
                for (int c = 0; c < 3; c++) {
                    for (int yy = 0; yy < face.height; yy++) {
                        System.arraycopy(face.data, (c * face.height + yy) * face.width, scene.data, (c * h + y + yy) * w + x, face.width);
                    }
                }
                lst.append(name).append(' ').append(id).append(' ').append(y).append(' ').append(x).append(' ')
                        .append(x + face.width).append(' ').append(y + face.height).append(' ')
                        .append(String.format(Locale.ROOT, "%.4f", 20 + 40 * r.uniform())).append(' ')
                        .append(SourceLabels.raw(SourceLabels.FER2013, pending.get(id).label())).append('\n');
                x += face.width + gap;
            }
            ImageCodec.write(scene, out.resolve("image/origin").resolve(name), 0.9f);
            pending.clear();
            scenes++;
            groupSize = nextGroup();
        }

        @Override public void close() throws IOException {
            flush();
            Files.createDirectories(out.resolve("label"));
            AtomicFiles.writeString(out.resolve("label/label.lst"), lst.toString());
        }
    }
}
