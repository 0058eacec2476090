package facet.train.experiment;

import facet.train.data.Example;
import facet.train.data.FaceDataset;
import facet.train.data.Problems;
import facet.train.data.Rng;
import facet.train.data.formats.DatasetIndex;
import facet.train.data.formats.Format;
import facet.train.data.synth.Domain;
import facet.train.data.transform.Transform;
import facet.train.data.transform.Transforms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Where an experiment's datasets come from, by reference: a synthetic domain by name ({@code raf},
 * {@code sfew}, {@code celebamask}, ...), rendered once at the experiment's size and cached on
 * disk, or a real folder as {@code FORMAT:PATH} ({@code rafdb:/data/RAF-DB}, read by the same
 * readers {@code ./facet data check} uses and resized as it is read). Every dataset comes out RGB
 * at size x size.
 */
public final class Data {
    /** Held-out synthetic faces come from another seed of the same domain: other people, other scenes. */
    static final long HELD_OUT = 7919;

    private final DatasetCache cache;
    private final int size;
    private final long seed;
    private final Problems problems;

    public Data(Path cacheDir, int size, long seed, int threads, Problems problems) {
        this.cache = new DatasetCache(cacheDir, threads);
        this.size = size;
        this.seed = seed;
        this.problems = problems;
    }

    /** The training split of ref (count samples for a synthetic domain; all of a real folder's train split). */
    public FaceDataset train(String ref, int count) { return open(ref, count, true, seed); }

    /** The split cross-domain work tests on (RAF-DB test, SFEW val, all of ExpW, ...). */
    public FaceDataset test(String ref, int count) { return open(ref, count, false, seed); }

    /** Unseen faces of a pre-training pool (another seed), for the held-out masking statistics and figures. */
    public FaceDataset heldOut(String ref, int count) { return open(ref, count, true, seed + HELD_OUT); }

    /** A short name for tables: the domain, or the folder's format. */
    public static String label(String ref) {
        int colon = ref.indexOf(':');
        return colon < 0 ? ref : ref.substring(0, colon);
    }

    private FaceDataset open(String ref, int count, boolean train, long renderSeed) {
        int colon = ref.indexOf(':');
        if (colon < 0) {
            Domain d = Domain.byName(ref);
            String split = train ? d.splits().getFirst() : d.evalSplit();
            try {
                return cache.synthetic(d, split, count, size, renderSeed, problems);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the dataset cache for " + ref, e);
            }
        }
        Format f = Format.byId(ref.substring(0, colon));
        DatasetIndex index = f.read(Path.of(ref.substring(colon + 1)), problems);
        String split = train ? index.splits().getFirst() : index.evalSplit();
        return prepared(index.dataset(split), Transform.of(Transforms.resize(size), Transforms.channels(3)));
    }

    /** data with prep applied as each sample is decoded (a deterministic step: it gets a fixed stream). */
    static FaceDataset prepared(FaceDataset data, Transform prep) {
        return new FaceDataset() {
            @Override public String name() { return data.name(); }

            @Override public int size() { return data.size(); }

            @Override public int label(int i) { return data.label(i); }

            @Override public Example get(int i) { return prep.apply(data.get(i), Rng.of(0, i)); }
        };
    }

    /** The labelled synthetic domains other than source, in the paper's Table I order. */
    public static List<String> defaultTargets() { return List.of("sfew", "fer2013", "expw", "affectnet", "jaffe"); }
}
