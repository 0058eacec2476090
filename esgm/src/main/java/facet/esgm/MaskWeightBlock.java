package facet.esgm;

import facet.autograd.Pool2d;
import facet.autograd.Variable;
import facet.nn.Init;
import facet.nn.LayerNorm;
import facet.nn.Linear;
import facet.nn.Module;
import facet.tensor.Generator;
import facet.tensor.Tensor;

/**
 * The mask-weight block of Fig. 3 (Eq. 2 and 3): w = sigmoid(MLP(GAP(A V))), one w_k in [0, 1]
 * per patch. Glossary: B batch, N patches, D token dim, h heads of Dh = D / h, U the pooled width.
 *
 * <p>Tokens are layer-normed (pre-norm, as every block of the encoder), projected to Q, K, V
 * (Eq. 2), and A = softmax(Q K^T / sqrt(Dh)) per head is formed explicitly (N is small) so that
 * it can be returned for the paper's Fig. 4; A V is merged over heads and projected, as MSA does.
 *
 * <p>What GAP averages over, the paper leaves open. Read here (GapOver.CHANNELS, the default):
 * each token's row of A V is averaged over its D features, one value per patch (U = N). This is
 * the reading in which the output keeps one entry per patch, as w must, without a layer that
 * invents patch identities from a pooled image vector; the MLP then mixes the N values, so each
 * w_k sees the whole face. The other reading (GapOver.TOKENS: average over the N tokens, U = D,
 * the MLP maps D to N) is a config value. MLP with skip connections: h = gelu(fc1(u)),
 * h = h + gelu(fc2(h)), logits = fc3(h) (+ u when U = N).
 */
public final class MaskWeightBlock extends Module {
    public final LayerNorm norm;
    public final Linear qkv, proj, fc1, fc2, fc3;
    private final int heads;
    private final EsgmConfig.GapOver gapOver;

    /** w (B, N) with the graph to the block's parameters; attention (B, h, N, N), A of Eq. 3, detached. */
    public record Output(Variable w, Tensor attention) {
        /** (B, N): the attention each patch receives, A averaged over heads and queries (the heat map of Fig. 4). */
        public Tensor attentionPerPatch() { return attention.mean(false, 1, 2); }
    }

    public MaskWeightBlock(int dim, int patches, EsgmConfig.WeightBlock c, Generator g) {
        heads = c.heads();
        gapOver = c.gapOver();
        int pooled = gapOver == EsgmConfig.GapOver.CHANNELS ? patches : dim;
        norm = child("norm", new LayerNorm(dim, 1e-6));
        qkv = child("qkv", new Linear(dim, 3 * dim, g));
        proj = child("proj", new Linear(dim, dim, g));
        fc1 = child("fc1", new Linear(pooled, c.hidden(), g));
        fc2 = child("fc2", new Linear(c.hidden(), c.hidden(), g));
        fc3 = child("fc3", new Linear(c.hidden(), patches, g));
        for (Linear l : new Linear[] {qkv, proj, fc1, fc2, fc3}) {   // MAE's init for every linear layer
            l.weight.setData(Init.xavierUniform(g, l.weight.shape()));
            l.bias.setData(Init.zeros(l.bias.shape()));
        }
    }

    /** tokens (B, N, D), the encoder's patch tokens with positions -> w (B, N) and A (B, h, N, N). */
    public Output forward(Variable tokens) {
        int b = tokens.size(0), n = tokens.size(1), d = tokens.size(2), dh = d / heads;
        Variable qkvs = qkv.apply(norm.apply(tokens)).reshape(b, n, 3, heads, dh).permute(2, 0, 3, 1, 4);  // (3, B, h, N, Dh)
        Variable q = qkvs.narrow(0, 0, 1).squeeze(0), k = qkvs.narrow(0, 1, 1).squeeze(0), v = qkvs.narrow(0, 2, 1).squeeze(0);
        Variable a = q.matmul(k.transpose(2, 3)).mul(1 / Math.sqrt(dh)).softmax(3);                      // (B, h, N, N)
        Variable av = proj.apply(a.matmul(v).transpose(1, 2).reshape(b, n, d));                          // (B, N, D)
        Variable u = gapOver == EsgmConfig.GapOver.CHANNELS ? Pool2d.globalAvgPool(av, 2) : Pool2d.globalAvgPool(av, 1);
        Variable h = fc1.apply(u).gelu();
        h = h.add(fc2.apply(h).gelu());
        Variable logits = fc3.apply(h);
        if (gapOver == EsgmConfig.GapOver.CHANNELS) logits = logits.add(u);
        return new Output(logits.sigmoid(), a.data());
    }
}
