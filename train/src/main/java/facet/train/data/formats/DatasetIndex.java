package facet.train.data.formats;

import facet.train.data.Example;
import facet.train.data.FaceDataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dataset folder read by a {@link Format}: its entries in file order, grouped by split, with
 * the split that cross-domain work tests on. Samples outside the seven classes (contempt,
 * unknown, non-face...) are not entries; {@link #dropped()} counts them by reason.
 */
public final class DatasetIndex {
    private final Format format;
    private final Path root;
    private final List<Entry> entries;
    private final List<String> splits;
    private final String evalSplit;
    private final Map<String, Integer> dropped;

    DatasetIndex(Format format, Path root, List<Entry> entries, String evalSplit, Map<String, Integer> dropped) {
        this.format = format;
        this.root = root;
        this.entries = List.copyOf(entries);
        List<String> s = new ArrayList<>();
        for (Entry e : entries) if (!s.contains(e.split())) s.add(e.split());
        s.sort(Comparator.comparingInt(DatasetIndex::splitRank).thenComparing(x -> x));
        this.splits = List.copyOf(s);
        this.evalSplit = evalSplit;
        this.dropped = new TreeMap<>(dropped);
    }

    /** train, val, test, all, then any other name alphabetically. */
    private static int splitRank(String s) {
        return switch (s) {
            case "train" -> 0;
            case "val" -> 1;
            case "test" -> 2;
            case "all" -> 3;
            default -> 4;
        };
    }

    public Format format() { return format; }

    public Path root() { return root; }

    public List<Entry> entries() { return entries; }

    /** The splits present, train first. */
    public List<String> splits() { return splits; }

    /** The split cross-domain evaluation uses (RAF-DB test, SFEW Val, AffectNet val, all of ExpW...). */
    public String evalSplit() { return evalSplit; }

    public Map<String, Integer> dropped() { return dropped; }

    /** The entries of one split as a dataset that decodes on demand. */
    public FaceDataset dataset(String split) {
        List<Entry> sel = entries.stream().filter(e -> e.split().equals(split)).toList();
        if (sel.isEmpty()) throw new IllegalArgumentException(format.id + ": no split '" + split + "' under " + root + " (splits: " + splits + ")");
        return new Split(format.id + "/" + split, sel);
    }

    private final class Split implements FaceDataset {
        private final String name;
        private final List<Entry> sel;

        Split(String name, List<Entry> sel) {
            this.name = name;
            this.sel = sel;
        }

        @Override public String name() { return name; }

        @Override public int size() { return sel.size(); }

        @Override public int label(int i) { return sel.get(i).label(); }

        @Override public Example get(int i) { return Decoder.decode(format, sel.get(i)); }
    }
}
