package facet.nn;

import facet.autograd.Variable;
import facet.tensor.Generator;

/**
 * Pre-norm transformer block over x (B, N, D):
 * x = x + drop_path(attn(norm1(x))); x = x + drop_path(mlp(norm2(x))). LayerNorm eps 1e-6 (timm, MAE).
 */
public final class TransformerBlock extends Layer {
    public final LayerNorm norm1, norm2;
    public final MultiHeadSelfAttention attn;
    public final Mlp mlp;
    private final DropPath dropPath;

    public TransformerBlock(int dim, int heads, double mlpRatio, boolean qkvBias, double dropout, double dropPath, Generator g) {
        norm1 = child("norm1", new LayerNorm(dim, 1e-6));
        attn = child("attn", new MultiHeadSelfAttention(dim, heads, qkvBias, g));
        this.dropPath = child("drop_path", new DropPath(dropPath, g));
        norm2 = child("norm2", new LayerNorm(dim, 1e-6));
        mlp = child("mlp", new Mlp(dim, (int) (dim * mlpRatio), dropout, g));
    }

    @Override protected Variable forward(Variable x) {
        x = x.add(dropPath.apply(attn.apply(norm1.apply(x))));
        return x.add(dropPath.apply(mlp.apply(norm2.apply(x))));
    }
}
