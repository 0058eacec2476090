package facet.nn;

import facet.autograd.Variable;

public final class Relu extends Layer {
    @Override protected Variable forward(Variable x) { return x.relu(); }
}
