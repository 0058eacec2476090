package facet.nn;

import facet.autograd.Pool2d;
import facet.autograd.Variable;
import facet.tensor.PoolParams;

/** Max over K x K windows of x (N, C, H, W) by {@link Pool2d#maxPool2d}. */
public final class MaxPool2d extends Layer {
    private final PoolParams params;

    public MaxPool2d(int kernel, int stride, int padding) { params = PoolParams.of(kernel, stride, padding); }

    @Override protected Variable forward(Variable x) { return Pool2d.maxPool2d(x, params); }
}
