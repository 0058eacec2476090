package facet.train.data.formats;

import facet.train.data.Example;

import java.nio.file.Path;
import java.util.List;

/** The export layouts by name: each format's own, plus the second layout of FER+ and AffectNet. */
public final class Writers {
    private Writers() {}

    /** Layout names {@link #create} accepts. */
    public static final List<String> NAMES = List.of("rafdb", "fer2013", "ferplus", "ferplus-folders", "affectnet",
            "affectnet-npy", "sfew", "expw", "jaffe", "celebamask-hq", "faces");

    /** Layouts that hold unlabelled faces (the others need a label per sample). */
    public static final List<String> UNLABELLED = List.of("faces", "celebamask-hq");

    /**
     * A writer of layout {@code name} into folder out. {@code seed} drives what the layout
     * needs beyond the samples (FER+ vote spreads, AffectNet margins, ExpW scene grouping).
     */
    public static FormatWriter create(String name, Path out, long seed) {
        return switch (name) {
            case "rafdb" -> new RafDb.Writer(out);
            case "fer2013" -> new Fer2013.Writer(out);
            case "ferplus" -> new FerPlus.CsvWriter(out, seed);
            case "ferplus-folders" -> new FerPlus.FolderWriter(out, seed);
            case "affectnet" -> new AffectNet.CsvWriter(out, seed);
            case "affectnet-npy" -> new AffectNet.NpyWriter(out);
            case "sfew" -> new Sfew.Writer(out);
            case "expw" -> new ExpW.Writer(out, seed);
            case "jaffe" -> new Jaffe.Writer(out);
            case "celebamask-hq" -> new CelebAMaskHq.Writer(out);
            case "faces" -> new FaceFolder.Writer(out);
            default -> throw new IllegalArgumentException("unknown export layout '" + name + "'; layouts: " + String.join(", ", NAMES));
        };
    }

    static void requireLabel(Example e, String layout) {
        if (e.label() < 0) throw new IllegalArgumentException(layout + ": cannot write an unlabelled sample in a labelled format");
    }
}
