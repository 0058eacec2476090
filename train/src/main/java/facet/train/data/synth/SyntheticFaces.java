package facet.train.data.synth;

import facet.train.data.Example;
import facet.train.data.Expression;
import facet.train.data.FaceDataset;
import facet.train.data.Rng;

/**
 * A split of a synthetic domain as a dataset: sample i is rendered on demand and is a pure
 * function of (seed, domain, split, i), so the same seed gives the same faces on any thread,
 * in any order, and whether they are fed directly or exported first. Each sample has an RGB
 * (or grey) image, a parsing map with CelebAMask-HQ ids, an expression label (-1 in the
 * unlabelled domains), an identity id and the domain's name.
 *
 * <p>Draws are split into independent streams (label, identity, expression, scene), so the
 * labels of a split are known without rendering and do not move when rendering changes.
 */
public final class SyntheticFaces implements FaceDataset {
    private static final long LABEL = Rng.key("label"), WHO = Rng.key("identity"), FACE = Rng.key("expression"), SHOT = Rng.key("scene");

    private final Domain domain;
    private final String split;
    private final int size, width, height;
    private final long seed;

    /** Samples at the domain's native size. */
    public SyntheticFaces(Domain domain, String split, int size, long seed) { this(domain, split, size, seed, domain.width, domain.height); }

    /** Samples rendered at width x height instead (the camera's blur scales along). */
    public SyntheticFaces(Domain domain, String split, int size, long seed, int width, int height) {
        domain.splitIndex(split);
        if (size < 0 || width < 8 || height < 8) {
            throw new IllegalArgumentException("synthetic faces: need size >= 0 and an image of at least 8x8, got " + size + " samples of " + width + "x" + height);
        }
        this.domain = domain;
        this.split = split;
        this.size = size;
        this.seed = seed;
        this.width = width;
        this.height = height;
    }

    public Domain domain() { return domain; }

    public String split() { return split; }

    @Override public String name() { return "synthetic " + domain.name + "/" + split; }

    @Override public int size() { return size; }

    /** What sample i shows before rendering: the expression rendered, the label given, how strongly, and who. */
    public record Spec(int expression, int label, double intensity, int identity) {}

    public Spec spec(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException(name() + ": sample " + i + " of " + size);
        Rng r = stream(i).fork(LABEL);
        int expr = r.pick(domain.prior(split));
        int label = r.chance(domain.labelNoise) ? domain.confusedWith(expr, r.below(6)) : expr;
        double intensity = expr == Expression.NEUTRAL.ordinal() ? 0
                : domain.intensityMin + (domain.intensityMax - domain.intensityMin) * Math.pow(r.uniform(), domain.intensityGamma);
        int[] ids = domain.identityRange(split);
        int who = ids[0] + stream(i).fork(WHO).below(ids[1] - ids[0]);
        return new Spec(expr, domain.labelled ? label : Expression.UNLABELLED, intensity, who);
    }

    @Override public int label(int i) { return spec(i).label(); }

    @Override public Example get(int i) {
        Spec s = spec(i);
        return render(i, s.expression(), s.intensity(), s.label(), s.identity());
    }

    /** Sample i's person and scene showing another expression at another intensity (for contact sheets and tests). */
    public Example render(int i, int expression, double intensity) {
        Spec s = spec(i);
        return render(i, expression, intensity, domain.labelled ? expression : Expression.UNLABELLED, s.identity());
    }

    private Example render(int i, int expression, double intensity, int label, int who) {
        Identity person = new Identity(domain.population, Rng.of(seed, Rng.key(domain.name), WHO, who));
        double[] au = ExpressionModel.draw(expression, intensity, person.resting, 1, stream(i).fork(FACE));
        Scene sc = Scene.draw(domain.style, width, height, width / (double) domain.width, stream(i).fork(SHOT));
        int rw = Math.max(8, (int) Math.round(width * sc.renderScale())), rh = Math.max(8, (int) Math.round(height * sc.renderScale()));
        Canvas canvas = FaceRenderer.render(person, au, sc, rw, rh, rw / (double) width);
        Camera.Shot shot = Camera.develop(canvas, sc);
        return new Example(shot.image(), shot.map(), label, who, domain.name);
    }

    private Rng stream(int i) { return Rng.of(seed, Rng.key(domain.name), Rng.key(split), i); }
}
