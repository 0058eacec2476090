package facet.train.data.transform;

import facet.train.data.Example;
import facet.train.data.Rng;

/**
 * A step of a data pipeline: image (and its parsing map, when present) in, transformed out.
 * Random steps draw only from the given stream, which the loader makes a pure function of
 * (seed, epoch, index): the same sample in the same epoch is augmented identically whatever
 * thread runs it. Geometric steps move the parsing map with the image (nearest neighbour).
 */
@FunctionalInterface
public interface Transform {
    Example apply(Example e, Rng rng);

    /** This step, then next, drawing from the same stream in that order. */
    default Transform then(Transform next) { return (e, r) -> next.apply(apply(e, r), r); }

    static Transform identity() { return (e, r) -> e; }

    /** The steps in order. */
    static Transform of(Transform... steps) {
        Transform t = identity();
        for (Transform s : steps) t = t.then(s);
        return t;
    }
}
