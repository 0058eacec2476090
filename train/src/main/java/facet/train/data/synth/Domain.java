package facet.train.data.synth;

import facet.train.data.Expression;

import java.util.List;
import java.util.Locale;

/**
 * A synthetic domain: the generator's stand-in for one of the paper's datasets. Each is a
 * distribution over people ({@link Population}), photography ({@link Style}) and expressions
 * (class priors, intensity, label noise), with the real dataset's splits, native image size
 * and on-disk layout.
 *
 * <p>Class priors are the real datasets' class counts flattened by the power
 * {@link #PRIOR_POWER}, so rare classes keep enough examples at small synthetic sizes while
 * the domains still differ the way the real ones do.
 */
public final class Domain {
    static final double PRIOR_POWER = 0.75;

    /** Confusable classes per class (Expression order): where a noisy annotator's label goes. */
    private static final int[][] CONFUSIONS = {{1, 3, 6}, {0, 4, 2}, {5, 4, 6}, {6, 0}, {6, 1, 2}, {2, 6, 4}, {4, 3, 5}};

    public final String name;
    /** Native image size in pixels. */
    public final int width, height;
    /** False for the pre-training pools: their samples carry label -1. */
    public final boolean labelled;
    /** The export layout mirroring the real dataset (see facet.train.data.formats.Writers). */
    public final String layout;
    final List<String> splits;
    final double[] splitShare;
    final double[][] priors;
    final int pool;
    final Population population;
    final Style style;
    final double intensityMin, intensityMax, intensityGamma, labelNoise;

    private Domain(String name, int width, int height, boolean labelled, String layout, List<String> splits, double[] splitShare,
                   double[][] priors, int pool, Population population, Style style, double[] intensity, double labelNoise) {
        this.name = name;
        this.width = width;
        this.height = height;
        this.labelled = labelled;
        this.layout = layout;
        this.splits = splits;
        this.splitShare = splitShare;
        this.priors = priors;
        this.pool = pool;
        this.population = population;
        this.style = style;
        this.intensityMin = intensity[0];
        this.intensityMax = intensity[1];
        this.intensityGamma = intensity[2];
        this.labelNoise = labelNoise;
    }

    // =========================================================================================
    // The domains (class counts in Expression order: Su, Fe, Di, Ha, Sa, An, Ne)
    // =========================================================================================

    /** RAF-DB: colour web photos, aligned, varied light, moderate pose. */
    public static final Domain RAF = new Domain("raf", 100, 100, true, "rafdb", List.of("train", "test"), new double[] {0.8, 0.2},
            both(counts(1290, 281, 717, 4772, 1982, 705, 2524)), 3000, Population.web(),
            new Style().scale(0.36, 0.40, 0.015, 0.4).pose(0.14, 0.07, 0.06, 0.45).light(0.45, 0.7, 0.3, 0.6, 0.7, 0.06)
                    .exposure(0.9, 1.12, 0.03).blur(0, 0.5).noise(0.004, 0.015).jpeg(0.5, 0.75, 0.95).backdrops(1, 3, 1.5, 0.5, 0)
                    .occlusion(0.04),
            new double[] {0.45, 1.0, 0.8}, 0.01);

    /** AffectNet: colour, wider pose and scale, clutter; the validation set is balanced. */
    public static final Domain AFFECTNET = new Domain("affectnet", 112, 112, true, "affectnet", List.of("train", "val"), new double[] {0.9, 0.1},
            new double[][] {counts(14590, 6878, 4303, 134915, 25959, 25382, 75374), counts(1, 1, 1, 1, 1, 1, 1)}, 6000, Population.web(),
            new Style().scale(0.28, 0.40, 0.05, 0.42).pose(0.3, 0.12, 0.12, 0.75).light(0.35, 0.7, 0.25, 0.7, 0.9, 0.1)
                    .exposure(0.75, 1.2, 0.06).tone(0.8, 1.25, 0.75, 1.3).blur(0, 1.0).noise(0.008, 0.03).jpeg(0.8, 0.55, 0.9)
                    .backdrops(0.5, 1.5, 1.5, 3, 0.3).occlusion(0.15),
            new double[] {0.12, 1.0, 1.0}, 0.08);

    /** SFEW 2.0: movie stills; low light, colour cast, blur, turned heads. */
    public static final Domain SFEW = new Domain("sfew", 128, 128, true, "sfew", List.of("train", "val"), new double[] {0.69, 0.31},
            both(counts(150, 124, 75, 256, 234, 255, 228)), 330, Population.film(),
            new Style().scale(0.28, 0.38, 0.05, 0.42).pose(0.3, 0.12, 0.1, 0.8).light(0.3, 0.5, 0.35, 0.8, 1.1, 0.18)
                    .exposure(0.6, 1.0, 0.12).tone(0.85, 1.35, 0.6, 1.2).blur(0.4, 1.8).noise(0.02, 0.05).vignette(0.6)
                    .backdrops(0, 1.5, 0.3, 0.5, 4).occlusion(0.08),
            new double[] {0.1, 0.95, 1.2}, 0.12);

    /** FER2013: 48x48 greyscale, tight crop, web images of every kind. */
    public static final Domain FER2013 = new Domain("fer2013", 48, 48, true, "fer2013", List.of("train", "val", "test"),
            new double[] {0.8, 0.1, 0.1}, three(counts(4002, 5121, 547, 8989, 6077, 4953, 6198)), 6000, Population.web(),
            new Style().scale(0.4, 0.46, 0.03, 0.36).pose(0.2, 0.1, 0.1, 0.6).light(0.3, 0.7, 0.25, 0.7, 0.9, 0.1)
                    .exposure(0.7, 1.25, 0.05).tone(0.75, 1.35, 1, 1).blur(0, 0.5).noise(0.008, 0.03).backdrops(1, 2, 1, 1.5, 0.5)
                    .occlusion(0.06).grey(),
            new double[] {0.15, 1.0, 1.0}, 0.1);

    /** ExpW: in the wild; clutter, occluding hands and objects, low resolution, JPEG artefacts. */
    public static final Domain EXPW = new Domain("expw", 96, 96, true, "expw", List.of("all"), new double[] {1},
            new double[][] {counts(7060, 1088, 3995, 30537, 10559, 3671, 34883)}, 6000, Population.web(),
            new Style().scale(0.30, 0.42, 0.06, 0.42).pose(0.25, 0.12, 0.15, 0.7).light(0.3, 0.7, 0.25, 0.7, 1.0, 0.1)
                    .exposure(0.7, 1.25, 0.07).tone(0.8, 1.3, 0.7, 1.3).blur(0, 0.8).noise(0.01, 0.04).jpeg(1, 0.3, 0.7)
                    .lowRes(0.7, 0.35).backdrops(0.2, 1, 1.5, 4, 0.3).occlusion(0.3),
            new double[] {0.12, 1.0, 1.0}, 0.1);

    /** JAFFE: greyscale lab photos, frontal, even light, 10 Japanese women, strong posed expressions. */
    public static final Domain JAFFE = new Domain("jaffe", 256, 256, true, "jaffe", List.of("test"), new double[] {1},
            new double[][] {counts(30, 32, 29, 31, 31, 30, 30)}, 10, Population.japaneseWomen(),
            new Style().scale(0.30, 0.32, 0.01, 0.43).pose(0.03, 0.03, 0.03, 0.1).light(0.65, 0.75, 0.2, 0.3, 0.2, 0)
                    .exposure(0.95, 1.05, 0).tone(1, 1.1, 1, 1).blur(0.3, 0.7).noise(0.005, 0.01).backdrops(1, 0, 0, 0, 0).grey(),
            new double[] {0.6, 1.0, 0.7}, 0.05);

    /** CelebAMask-HQ: high-quality aligned celebrity photos with parsing maps (for pre-training, unlabelled). */
    public static final Domain CELEBAMASK = new Domain("celebamask", 256, 256, false, "celebamask-hq", List.of("all"), new double[] {1},
            new double[][] {{0.04, 0.01, 0.01, 0.45, 0.03, 0.02, 0.44}}, 6000, Population.celebrities(),
            new Style().scale(0.27, 0.31, 0.015, 0.45).pose(0.15, 0.08, 0.05, 0.5).light(0.5, 0.7, 0.3, 0.5, 0.5, 0.04)
                    .exposure(0.95, 1.1, 0.02).blur(0, 0.3).noise(0.002, 0.008).backdrops(2, 1, 1.5, 0.2, 0),
            new double[] {0.2, 0.9, 1.0}, 0);

    /** An unlabelled pool of varied faces (CelebA, FFHQ, CASIA-WebFace stand-in), CelebA's aligned size. */
    public static final Domain FACES = new Domain("faces", 178, 218, false, "faces", List.of("all"), new double[] {1},
            new double[][] {{0.07, 0.03, 0.04, 0.35, 0.06, 0.05, 0.4}}, 20000, Population.web(),
            new Style().scale(0.26, 0.36, 0.04, 0.44).pose(0.22, 0.1, 0.1, 0.7).light(0.3, 0.7, 0.25, 0.7, 0.9, 0.1)
                    .exposure(0.7, 1.2, 0.06).tone(0.85, 1.25, 0.75, 1.25).blur(0, 0.8).noise(0.004, 0.025).jpeg(0.5, 0.6, 0.95)
                    .backdrops(1, 1.5, 1.5, 1.5, 0.5).occlusion(0.06),
            new double[] {0.1, 1.0, 1.0}, 0);

    public static final List<Domain> ALL = List.of(RAF, AFFECTNET, SFEW, FER2013, EXPW, JAFFE, CELEBAMASK, FACES);

    /** The domains with expression labels, in the order of the paper's tables (source first). */
    public static final List<Domain> LABELLED = ALL.stream().filter(d -> d.labelled).toList();

    public static Domain byName(String name) {
        for (Domain d : ALL) if (d.name.equals(name.toLowerCase(Locale.ROOT))) return d;
        throw new IllegalArgumentException("unknown synthetic domain '" + name + "'; domains: "
                + String.join(", ", ALL.stream().map(d -> d.name).toList()));
    }

    public List<String> splits() { return splits; }

    /** The split cross-domain evaluation tests on (the last one: test, val, or all). */
    public String evalSplit() { return splits.getLast(); }

    /** Samples of split s out of a total of n (the last split takes the rounding). */
    public int splitSize(String s, int n) {
        int k = splitIndex(s), given = 0;
        for (int i = 0; i < splits.size() - 1; i++) {
            int size = (int) Math.round(n * splitShare[i]);
            if (i == k) return size;
            given += size;
        }
        return n - given;
    }

    int splitIndex(String s) {
        int k = splits.indexOf(s);
        if (k < 0) throw new IllegalArgumentException("domain " + name + " has no split '" + s + "' (splits: " + splits + ")");
        return k;
    }

    /** The identity ids split s draws from: a disjoint slice of the pool per split. */
    int[] identityRange(String s) {
        int k = splitIndex(s);
        double from = 0;
        for (int i = 0; i < k; i++) from += splitShare[i];
        int a = (int) Math.round(from * pool), b = (int) Math.round((from + splitShare[k]) * pool);
        return new int[] {a, Math.max(a + 1, b)};
    }

    double[] prior(String s) { return priors[Math.min(splitIndex(s), priors.length - 1)]; }

    int confusedWith(int cls, int pick) { return CONFUSIONS[cls][pick % CONFUSIONS[cls].length]; }

    @Override public String toString() { return name; }

    private static double[] counts(double... c) {
        if (c.length != Expression.COUNT) throw new IllegalArgumentException("domain: " + c.length + " class counts, expected 7");
        double[] p = new double[c.length];
        double sum = 0;
        for (int i = 0; i < c.length; i++) sum += p[i] = Math.pow(c[i], PRIOR_POWER);
        for (int i = 0; i < c.length; i++) p[i] /= sum;
        return p;
    }

    private static double[][] both(double[] p) { return new double[][] {p, p}; }

    private static double[][] three(double[] p) { return new double[][] {p, p, p}; }
}
