package facet.nn;

import facet.autograd.Variable;

/** The exact (erf) GELU, x Phi(x), as PyTorch's default nn.GELU. */
public final class Gelu extends Layer {
    @Override protected Variable forward(Variable x) { return x.gelu(); }
}
