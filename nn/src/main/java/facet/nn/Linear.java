package facet.nn;

import facet.autograd.Linalg;
import facet.autograd.Variable;
import facet.tensor.Generator;

/**
 * x (..., I) -> x W^T + b (..., O), with W (O, I) and b (O) stored as PyTorch stores them.
 * Default init is PyTorch's (U(+-1/sqrt(I)) for W and b); models override it where their
 * reference does.
 */
public final class Linear extends Layer {
    public final Variable weight;
    public final Variable bias;   // null without bias
    private final int in, out;

    public Linear(int in, int out, Generator g) { this(in, out, true, g); }

    public Linear(int in, int out, boolean bias, Generator g) {
        this.in = in;
        this.out = out;
        weight = param("weight", Init.torchDefaultWeight(g, out, in));
        this.bias = bias ? param("bias", Init.torchDefaultBias(g, in, out)) : null;
    }

    /**
     * The leading dims are folded into one before the product: a (B, N, I) x (I, O) matmul would
     * broadcast W over B, and its backward would build a (B, I, O) weight gradient only to sum it.
     */
    @Override protected Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length == 0 || s[s.length - 1] != in) {
            throw new IllegalArgumentException("Linear(" + in + " -> " + out + "): expects input (..., " + in + "), got "
                    + java.util.Arrays.toString(s));
        }
        s[s.length - 1] = out;
        return Linalg.linear(x.reshape(-1, in), weight, bias).reshape(s);
    }
}
