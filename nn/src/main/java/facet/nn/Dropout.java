package facet.nn;

import facet.autograd.Variable;
import facet.tensor.Generator;

/** Inverted dropout by {@link facet.autograd.Dropout#dropout} in training; the identity in eval. */
public final class Dropout extends Layer {
    private final double p;
    private final Generator g;

    public Dropout(double p, Generator g) {
        if (p < 0 || p >= 1) throw new IllegalArgumentException("Dropout: p=" + p + " must be in [0, 1)");
        this.p = p;
        this.g = g;
    }

    @Override protected Variable forward(Variable x) { return facet.autograd.Dropout.dropout(x, p, isTraining(), g); }
}
