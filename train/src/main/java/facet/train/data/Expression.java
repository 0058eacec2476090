package facet.train.data;

/**
 * The seven expression classes in Facet's one canonical order, shared by every dataset reader,
 * the synthetic generator, the loaders and the result tables: RAF-DB's numbering minus one,
 * the order cross-domain FER benchmarks use. Each format's own codes are mapped to this order
 * in {@code facet.train.data.formats.SourceLabels}; contempt and non-emotion codes are dropped.
 */
public enum Expression {
    SURPRISE("Surprise"),
    FEAR("Fear"),
    DISGUST("Disgust"),
    HAPPINESS("Happiness"),
    SADNESS("Sadness"),
    ANGER("Anger"),
    NEUTRAL("Neutral");

    /** Number of classes; labels are 0..COUNT-1, and -1 marks an unlabelled face. */
    public static final int COUNT = 7;
    public static final int UNLABELLED = -1;

    private static final Expression[] ALL = values();

    /** The name printed in tables and JSON ("Happiness"). */
    public final String title;

    Expression(String title) { this.title = title; }

    public static Expression of(int label) {
        if (label < 0 || label >= COUNT) throw new IllegalArgumentException("expression: label " + label + " is not in 0.." + (COUNT - 1));
        return ALL[label];
    }
}
