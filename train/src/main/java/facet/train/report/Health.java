package facet.train.report;

/**
 * Whether a fine-tuned model learned, and what a reader needs to judge it: its accuracy on the
 * source's own test split against that split's majority class (always answering the most frequent
 * class), its training accuracy and the linear probe of the encoder it started from. All
 * fractions; NaN where a run folder does not have the number (the probe of pixel input, an older
 * run). The rule is written once, here: a model whose source test accuracy is less than
 * {@link #DID_NOT_LEARN_MARGIN} above the majority class did not learn, and no ordering between
 * it and another row is a finding.
 *
 * @param source the source's test split, e.g. "raf", for the sentence
 */
public record Health(String source, double accuracy, double majority, double train, double probe) {
    /** 5 points: a model within this of the majority class did not learn. */
    public static final double DID_NOT_LEARN_MARGIN = 0.05;

    /** Why a row is flagged, for sentences: "raf within 5 points of the majority class". */
    public String rule() {
        return source + " within " + marginPoints() + " points of the majority class";
    }

    public static long marginPoints() { return Math.round(100 * DID_NOT_LEARN_MARGIN); }

    /** Source test accuracy at least {@link #DID_NOT_LEARN_MARGIN} above the majority class (1e-9: 0.38 - 0.33 is 5 points). */
    public boolean learned() { return accuracy - majority >= DID_NOT_LEARN_MARGIN - 1e-9; }
}
