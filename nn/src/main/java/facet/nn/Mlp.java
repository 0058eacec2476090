package facet.nn;

import facet.autograd.Variable;
import facet.tensor.Generator;

/** x (..., D) -> fc1 (D -> hidden) -> GELU -> dropout -> fc2 (hidden -> D) -> dropout, as timm's Mlp. */
public final class Mlp extends Layer {
    public final Linear fc1, fc2;
    private final Layer act, drop;

    public Mlp(int dim, int hidden, double dropout, Generator g) {
        fc1 = child("fc1", new Linear(dim, hidden, g));
        act = child("act", new Gelu());
        fc2 = child("fc2", new Linear(hidden, dim, g));
        drop = child("drop", new Dropout(dropout, g));
    }

    @Override protected Variable forward(Variable x) {
        return drop.apply(fc2.apply(drop.apply(act.apply(fc1.apply(x)))));
    }
}
