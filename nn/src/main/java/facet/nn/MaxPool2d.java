package facet.nn;

import facet.autograd.Conv;
import facet.autograd.Variable;
import facet.tensor.PoolParams;

/** Max over K x K windows of x (N, C, H, W) by {@link Conv#maxPool2d}. */
public final class MaxPool2d extends Layer {
    private final PoolParams params;

    public MaxPool2d(int kernel, int stride, int padding) { params = PoolParams.of(kernel, stride, padding); }

    @Override protected Variable forward(Variable x) { return Conv.maxPool2d(x, params); }
}
