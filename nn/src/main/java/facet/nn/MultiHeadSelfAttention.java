package facet.nn;

import facet.autograd.Attention;
import facet.autograd.Variable;
import facet.tensor.Generator;
import facet.tensor.Tensor;

/**
 * Multi-head self-attention over tokens x (B, N, D) -> (B, N, D), with H heads of Dh = D / H:
 * one qkv projection D -> 3D, {@link Attention#selfAttention} over its heads, and an output
 * projection D -> D. Parameter names and layout follow timm's {@code Attention}
 * (qkv.weight (3D, D) holds q, k, v stacked in that order, heads contiguous within each).
 */
public final class MultiHeadSelfAttention extends Layer {
    public final Linear qkv, proj;
    private final int heads;

    public MultiHeadSelfAttention(int dim, int heads, boolean qkvBias, Generator g) {
        if (heads < 1 || dim % heads != 0) {
            throw new IllegalArgumentException("MultiHeadSelfAttention: dim " + dim + " does not split into " + heads + " heads");
        }
        this.heads = heads;
        qkv = child("qkv", new Linear(dim, 3 * dim, qkvBias, g));
        proj = child("proj", new Linear(dim, dim, g));
    }

    @Override protected Variable forward(Variable x) { return forward(x, null); }

    /** mask (N, N) or broadcastable to (B, H, N, N), 1 where a query may attend to a key, or null. */
    public Variable forward(Variable x, Tensor mask) {
        x.data().requireDim("MultiHeadSelfAttention", 3, "(B, N, D)");
        int b = x.size(0), n = x.size(1), d = x.size(2);
        // one (B, N, 3D) projection; the attention op reads q, k, v as views and returns one gradient for it
        Variable o = Attention.selfAttention(qkv.apply(x), heads, mask);   // (B, H, N, Dh)
        return proj.apply(o.transpose(1, 2).reshape(b, n, d));
    }
}
