package facet.nn;

import facet.autograd.Conv;
import facet.autograd.Variable;
import facet.tensor.ConvParams;
import facet.tensor.Generator;

/**
 * x (N, C, H, W) -> (N, O, OH, OW) by {@link Conv#conv2d}; weight (O, C/groups, K, K), bias (O).
 * Default init is PyTorch's (U(+-1/sqrt(fan_in)) for weight and bias); ResNet overrides it.
 */
public final class Conv2d extends Layer {
    public final Variable weight;
    public final Variable bias;   // null without bias
    public final ConvParams params;

    public Conv2d(int in, int out, int kernel, ConvParams params, boolean bias, Generator g) {
        if (in % params.groups() != 0 || out % params.groups() != 0) {
            throw new IllegalArgumentException("Conv2d: " + in + " input and " + out + " output channels must both divide into "
                    + params.groups() + " groups");
        }
        this.params = params;
        int[] shape = {out, in / params.groups(), kernel, kernel};
        weight = param("weight", Init.torchDefaultWeight(g, shape));
        this.bias = bias ? param("bias", Init.torchDefaultBias(g, Init.fanIn(shape), out)) : null;
    }

    @Override protected Variable forward(Variable x) { return Conv.conv2d(x, weight, bias, params); }
}
