package facet.train.data.formats;

import facet.train.data.Example;
import facet.train.data.ImageCodec;
import facet.train.data.Problems;
import facet.train.data.Text;
import facet.train.data.transform.Resample;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * JAFFE: 256x256 greyscale TIFFs named {@code KA.AN1.39.tiff} (subject, expression code plus
 * repetition, running number). Only {@code .tiff}/{@code .tif} names of exactly four
 * dot-separated fields are samples; README files and the like are ignored. The ten subjects are
 * the identities (in sorted order); all samples are test.
 */
final class Jaffe {
    private Jaffe() {}

    static final String[] SUBJECTS = {"KA", "KL", "KM", "KR", "MK", "NA", "NM", "TM", "UY", "YM"};
    static final int SIDE = 256;

    static DatasetIndex read(Path root, Problems problems) {
        record Sample(Path path, int label, String subject) {}
        List<Sample> found = new ArrayList<>();
        int tiffs = 0;
        for (Path p : Folders.imagesBelow(root)) {
            String name = p.getFileName().toString();
            String[] f = name.split("\\.");
            String ext = f[f.length - 1].toLowerCase(Locale.ROOT);
            if (!ext.equals("tiff") && !ext.equals("tif")) continue;
            tiffs++;
            if (f.length != 4) {
                problems.report(p, 0, "name has " + f.length + " dot-separated fields, expected 4 (KA.AN1.39.tiff)");
                continue;
            }
            String code = f[1].replaceAll("\\d+$", "");
            int label = SourceLabels.jaffe(code);
            if (label < 0) {
                problems.report(p, 0, "unknown expression code " + Text.quote(code) + " (SU, FE, DI, HA, SA, AN, NE)");
                continue;
            }
            found.add(new Sample(p, label, f[0].toUpperCase(Locale.ROOT)));
        }
        if (tiffs == 0) throw new NotThisFormatException("jaffe: no .tiff files under " + root);
        Map<String, Integer> ids = new TreeMap<>();
        for (Sample s : found) ids.putIfAbsent(s.subject(), 0);
        int k = 0;
        for (var e : ids.entrySet()) e.setValue(k++);
        List<Entry> entries = new ArrayList<>();
        for (Sample s : found) entries.add(new Entry("test", s.label(), new Entry.File(s.path()), null, null, ids.get(s.subject())));
        return new DatasetIndex(Format.JAFFE, root, entries, "test", Map.of());
    }

    /** 256x256 grey TIFFs; identity i is subject SUBJECTS[i mod 10]; repetitions count per subject and code. */
    static final class Writer implements FormatWriter {
        private final Path out;
        private final Map<String, Integer> reps = new HashMap<>();
        private int running;

        Writer(Path out) { this.out = out; }

        @Override public void add(String split, Example e) throws IOException {
            Writers.requireLabel(e, "jaffe");
            String subject = SUBJECTS[Math.floorMod(e.identity(), SUBJECTS.length)], code = SourceLabels.JAFFE_CODES[e.label()];
            int rep = reps.merge(subject + code, 1, Integer::sum);
            String name = subject + "." + code + rep + "." + (++running) + ".tiff";
            ImageCodec.write(Resample.resize(e.image().toGrey(), SIDE, SIDE), out.resolve(name), 1f);
        }

        @Override public void close() {}
    }
}
