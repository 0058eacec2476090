package facet.train.data;

/**
 * An indexed set of faces. Indexing is cheap (labels are known without decoding); pixels are
 * decoded or rendered on demand by {@link #get}, so a 500,000-image folder costs memory for
 * its index only. Implementations are safe for concurrent {@code get} calls.
 */
public interface FaceDataset {
    /** What the samples are ("rafdb/train", "synthetic raf/test"). */
    String name();

    int size();

    /** Label of sample i in {@link Expression} order, or -1 when unlabelled; never decodes. */
    int label(int i);

    /**
     * Sample i, decoded. Throws {@link BadInputException} naming the file (and line) when the
     * sample's image, pixels or mask are unusable.
     */
    Example get(int i);

    /** Number of samples per class (index 7 counts the unlabelled ones). */
    default int[] classCounts() {
        int[] c = new int[Expression.COUNT + 1];
        for (int i = 0; i < size(); i++) {
            int l = label(i);
            c[l < 0 ? Expression.COUNT : l]++;
        }
        return c;
    }
}
