package facet.nn;

import facet.autograd.Variable;

/**
 * A module with one input and one output. Subclasses implement {@link #forward}; callers use
 * {@link #apply}, which runs forward and, while a {@link Summary} is tracing, records the
 * output's shape (PyTorch's {@code module(x)} versus {@code forward}, with the hook built in).
 */
public abstract class Layer extends Module {
    public final Variable apply(Variable x) {
        Variable y = forward(x);
        Summary.record(this, y);
        return y;
    }

    protected abstract Variable forward(Variable x);
}
