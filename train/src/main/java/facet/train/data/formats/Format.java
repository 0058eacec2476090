package facet.train.data.formats;

import facet.train.data.Problems;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.BiFunction;

/**
 * The on-disk dataset formats Facet reads (DATASETS.md), by the names the command line and the
 * JSON of {@code data check} use.
 */
public enum Format {
    RAFDB("rafdb", RafDb::read),
    FER2013("fer2013", Fer2013::read),
    FERPLUS("ferplus", FerPlus::read),
    AFFECTNET("affectnet", AffectNet::read),
    SFEW("sfew", Sfew::read),
    EXPW("expw", ExpW::read),
    JAFFE("jaffe", Jaffe::read),
    CELEBAMASK_HQ("celebamask-hq", CelebAMaskHq::read),
    FACES("faces", FaceFolder::read);

    public final String id;
    private final BiFunction<Path, Problems, DatasetIndex> reader;

    Format(String id, BiFunction<Path, Problems, DatasetIndex> reader) {
        this.id = id;
        this.reader = reader;
    }

    /**
     * Indexes the folder: paths, labels, boxes, masks; no pixels. Bad lines and missing files go
     * to {@code problems}; a folder that is not this format is a {@link NotThisFormatException}.
     */
    public DatasetIndex read(Path root, Problems problems) {
        if (!Files.exists(root)) throw new NotThisFormatException(id + ": " + root + " does not exist");
        return reader.apply(root, problems);
    }

    public static Format byId(String id) {
        for (Format f : values()) if (f.id.equalsIgnoreCase(id)) return f;
        throw new IllegalArgumentException("unknown dataset format '" + id + "'; formats: "
                + String.join(", ", Arrays.stream(values()).map(f -> f.id).toList()));
    }
}
