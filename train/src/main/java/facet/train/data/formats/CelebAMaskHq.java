package facet.train.data.formats;

import facet.train.data.BadInputException;
import facet.train.data.Example;
import facet.train.data.FacePart;
import facet.train.data.Image;
import facet.train.data.ImageCodec;
import facet.train.data.ParsingMap;
import facet.train.data.Problems;
import facet.train.data.Text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CelebAMask-HQ: {@code CelebA-HQ-img/<k>.jpg} and per-part binary masks
 * {@code CelebAMask-HQ-mask-anno/<k/2000>/<k:05d>_<part>.png} (absent when the part is). Masks
 * are merged into one {@link ParsingMap} in {@link FacePart} order, later parts overwriting
 * earlier ones, then resized (nearest) to the image: the real masks are 512x512 for 1024x1024
 * images. All masks of an image must share one size with the image's aspect ratio. Faces are
 * unlabelled; the split is "all".
 */
final class CelebAMaskHq {
    private CelebAMaskHq() {}

    static final String IMAGES = "CelebA-HQ-img", MASKS = "CelebAMask-HQ-mask-anno";
    private static final Pattern MASK = Pattern.compile("(\\d{1,9})_([a-z_]+)\\.png");

    static DatasetIndex read(Path root, Problems problems) {
        Path images = root.resolve(IMAGES), masks = root.resolve(MASKS);
        if (!Files.isDirectory(images) || !Files.isDirectory(masks)) {
            throw new NotThisFormatException("celebamask-hq: needs " + IMAGES + "/ and " + MASKS + "/ under " + root);
        }
        record Found(Path folder, int parts) {}
        Map<Integer, Found> byImage = new HashMap<>();
        for (Path folder : Folders.list(masks)) {
            if (!Files.isDirectory(folder)) continue;
            for (Path m : Folders.list(folder)) {
                Matcher mm = MASK.matcher(m.getFileName().toString());
                if (!mm.matches()) continue;
                FacePart part = FacePart.byFileName(mm.group(2));
                if (part == null) {
                    problems.report(m, 0, "unknown part " + Text.quote(mm.group(2)));
                    continue;
                }
                int k = Integer.parseInt(mm.group(1));
                Found f = byImage.get(k);
                if (f != null && !f.folder().equals(folder)) {
                    problems.report(m, 0, "masks of image " + k + " are split between " + f.folder().getFileName() + "/ and " + folder.getFileName() + "/");
                    continue;
                }
                byImage.put(k, new Found(folder, (f == null ? 0 : f.parts()) | 1 << part.ordinal()));
            }
        }
        List<Entry> entries = new ArrayList<>();
        for (Path img : Folders.list(images)) {
            String stem = Folders.stem(img.getFileName().toString());
            if (!ImageCodec.isImage(img) || !stem.matches("\\d{1,9}")) continue;
            int k = Integer.parseInt(stem);
            Found f = byImage.get(k);
            if (f == null) {
                problems.report(img, 0, "has no parsing masks in " + MASKS + "/" + (k / 2000) + "/");
                continue;
            }
            entries.add(new Entry("all", -1, new Entry.File(img), null, new Entry.Masks(f.folder(), String.format("%05d", k), f.parts()), k));
        }
        return new DatasetIndex(Format.CELEBAMASK_HQ, root, entries, "all", Map.of());
    }

    /** Merges an image's part masks (any non-zero pixel is the part) and resizes the map to h x w. */
    static ParsingMap merge(Entry.Masks m, int h, int w, long maxPixels) {
        ParsingMap map = null;
        String firstName = null;
        for (FacePart part : FacePart.values()) {
            if ((m.parts() & 1 << part.ordinal()) == 0) continue;
            Path p = m.folder().resolve(m.stem() + "_" + part.fileName + ".png");
            Image mask = ImageCodec.read(p, maxPixels);
            if (map == null) {
                if ((long) mask.width * h != (long) mask.height * w) {
                    throw new BadInputException(p.toString(), 0, "mask is " + mask.width + "x" + mask.height
                            + " but its image is " + w + "x" + h + " (not the same shape)");
                }
                map = new ParsingMap(mask.height, mask.width);
                firstName = p.getFileName().toString();
            } else if (mask.width != map.width || mask.height != map.height) {
                throw new BadInputException(p.toString(), 0, "mask is " + mask.width + "x" + mask.height + " but " + firstName
                        + " is " + map.width + "x" + map.height);
            }
            int n = mask.plane();
            for (int i = 0; i < n; i++) {
                boolean on = false;
                for (int c = 0; c < mask.channels; c++) on |= mask.data[c * n + i] > 0;
                if (on) map.ids[i] = part.id();
            }
        }
        if (map == null) throw new BadInputException(m.folder().toString(), 0, "no masks for image " + m.stem());
        return map.resized(h, w);
    }

    /**
     * The image as JPEG and one binary PNG mask per present part at half its size, as the real
     * dataset pairs 1024 images with 512 masks.
     */
    static final class Writer implements FormatWriter {
        private final Path out;
        private int k;

        Writer(Path out) { this.out = out; }

        @Override public void add(String split, Example e) throws IOException {
            if (e.parsing() == null) throw new IllegalArgumentException("celebamask-hq: a sample without a parsing map cannot be written");
            ImageCodec.write(e.image().toRgb(), out.resolve(IMAGES).resolve(k + ".jpg"), 0.95f);
            ParsingMap half = e.parsing().resized(Math.max(1, e.image().height / 2), Math.max(1, e.image().width / 2));
            Path folder = out.resolve(MASKS).resolve(Integer.toString(k / 2000));
            Files.createDirectories(folder);
            int[] hist = half.histogram();
            for (FacePart part : FacePart.values()) {
                if (part == FacePart.BACKGROUND || hist[part.ordinal()] == 0) continue;
                Image mask = new Image(1, half.height, half.width);
                for (int i = 0; i < half.ids.length; i++) if (half.ids[i] == part.id()) mask.data[i] = 1f;
                ImageCodec.write(mask, folder.resolve(String.format("%05d_%s.png", k, part.fileName)), 1f);
            }
            k++;
        }

        @Override public void close() {}
    }
}
