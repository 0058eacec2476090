package facet.train.data.formats;

import facet.train.data.Box;

import java.nio.file.Path;

/**
 * One indexed sample of a dataset on disk: where its pixels are, its split and canonical label
 * (-1 unlabelled), the face box to crop (null for none), its parsing masks (null for none) and
 * the identity when the format names one (-1 otherwise). Holds no pixels.
 */
public record Entry(String split, int label, Source source, Box box, Masks masks, int identity) {

    /** Where an entry's pixels are. */
    public sealed interface Source permits File, CsvPixels {
        /** The file a problem with these pixels is reported against. */
        Path path();

        /** The 1-based line in that file, or 0. */
        int line();
    }

    /** An image file. */
    public record File(Path path) implements Source {
        @Override public int line() { return 0; }
    }

    /** FER2013's pixels field: {@code length} bytes at byte {@code offset} of a CSV file, on 1-based {@code line}. */
    public record CsvPixels(Path path, int line, long offset, int length) implements Source {}

    /**
     * CelebAMask-HQ's per-part masks of one image: files {@code folder/<stem>_<part>.png} for
     * each part whose bit (1 << part id) is set in {@code parts}.
     */
    public record Masks(Path folder, String stem, int parts) {}
}
