package facet.nn;

import facet.tensor.Tensor;

/**
 * Fixed 2-D sine-cosine position embeddings, exactly as MAE's {@code get_2d_sincos_pos_embed}
 * computes them, so a model that keeps them fixed matches MAE's values.
 */
public final class PositionalEmbedding {
    private PositionalEmbedding() {}

    /**
     * (G*G, D), or (1 + G*G, D) with a leading zero row for a class token. Token t = i*G + j
     * (row i, column j of the patch grid) gets [sin(j w), cos(j w), sin(i w), cos(i w)] with
     * w_k = 10000^(-k / (D/4)), k = 0..D/4-1; MAE's meshgrid puts the column first.
     */
    public static Tensor sinCos2d(int dim, int grid, boolean classToken) {
        if (dim % 4 != 0) throw new IllegalArgumentException("sin-cos position embedding: dim " + dim + " must be a multiple of 4");
        int q = dim / 4, lead = classToken ? 1 : 0;
        double[] e = new double[(lead + grid * grid) * dim];
        for (int i = 0; i < grid; i++) {
            for (int j = 0; j < grid; j++) {
                int row = (lead + i * grid + j) * dim;
                for (int k = 0; k < q; k++) {
                    double w = Math.pow(10000, -(double) k / q);
                    e[row + k] = Math.sin(j * w);
                    e[row + q + k] = Math.cos(j * w);
                    e[row + 2 * q + k] = Math.sin(i * w);
                    e[row + 3 * q + k] = Math.cos(i * w);
                }
            }
        }
        return Tensor.of(e, lead + grid * grid, dim).to(facet.tensor.DType.F32);
    }
}
