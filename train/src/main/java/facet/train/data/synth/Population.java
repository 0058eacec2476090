package facet.train.data.synth;

/**
 * Who appears in a domain: the distribution identities are drawn from. Weights need not sum
 * to one.
 *
 * @param skinTones  weights over {@link Identity#SKIN} (very light .. dark)
 * @param hairColours weights over {@link Identity#HAIR} (black, dark brown, brown, blond, red, grey)
 * @param female     share of identities with a feminine build (softer jaw, thinner brows, longer hair, no beard)
 * @param glasses    probability of glasses
 * @param beard      probability of a beard or stubble among the others
 * @param hat        probability of a hat
 * @param makeup     probability of lipstick and eye shadow among feminine identities
 * @param ageMean    mean age in [0, 1] (wrinkles, grey hair)
 */
record Population(double[] skinTones, double[] hairColours, double female, double glasses, double beard, double hat,
                  double makeup, double ageMean) {

    /** Everyone: the web's mix (RAF-DB, AffectNet, ExpW, FER2013). */
    static Population web() {
        return new Population(new double[] {1, 2, 2, 2, 1.5, 1}, new double[] {4, 3, 2, 1.2, 0.4, 0.8}, 0.5, 0.15, 0.3, 0.05, 0.4, 0.4);
    }

    /** Film actors: lighter skin dominates, more make-up, older. */
    static Population film() {
        return new Population(new double[] {2, 3, 1, 1.5, 1, 0.6}, new double[] {3, 3, 2, 1.5, 0.4, 1}, 0.45, 0.08, 0.35, 0.04, 0.6, 0.5);
    }

    /** JAFFE: ten Japanese women, black hair, no glasses, no beard. */
    static Population japaneseWomen() {
        return new Population(new double[] {0, 1, 3, 0.5, 0, 0}, new double[] {5, 1, 0, 0, 0, 0}, 1.0, 0, 0, 0, 0.2, 0.3);
    }

    /** Celebrities (CelebA-HQ): groomed, lighter skin dominates, many long-haired. */
    static Population celebrities() {
        return new Population(new double[] {2, 3, 1.5, 1.5, 1, 0.6}, new double[] {2.5, 3, 2.5, 2.5, 0.5, 0.3}, 0.6, 0.06, 0.25, 0.02, 0.8, 0.3);
    }
}
