package facet.nn.models;

import facet.autograd.Index;
import facet.autograd.Variable;
import facet.nn.Dropout;
import facet.nn.Init;
import facet.nn.Layer;
import facet.nn.LayerNorm;
import facet.nn.Linear;
import facet.nn.PatchEmbed;
import facet.nn.PositionalEmbedding;
import facet.nn.Sequential;
import facet.nn.TransformerBlock;
import facet.tensor.Generator;

/**
 * Vision Transformer (Dosovitskiy et al. 2021). Glossary: B batch, C channels, H = W image size,
 * N = (H / P)^2 patches of P x P pixels, D model dim. Parameter names are timm's (cls_token,
 * pos_embed, patch_embed.proj, blocks.i.{norm1,attn.qkv,attn.proj,norm2,mlp.fc1,mlp.fc2}, norm,
 * head), so timm and MAE checkpoints map onto it key for key.
 *
 * <p>Init follows MAE's {@code initialize_weights}: xavier-uniform for every linear weight and
 * for the patch projection seen as a (D, C*P*P) matrix, zero linear biases, class token
 * N(0, 0.02^2); a learned position embedding is trunc-normal(0.02) as in timm.
 *
 * <p>Not final: ESGM's masked autoencoder extends it with a decoder, so that the encoder's keys
 * stay MAE's flat names (cls_token, blocks.0...) beside the decoder's, as in MAE's own model.
 */
public class VisionTransformer extends Layer {
    public final ViTConfig config;
    public final Variable clsToken;
    private final Variable learnedPos;   // null with a fixed sin-cos embedding (then it is the buffer "pos_embed")
    public final PatchEmbed patchEmbed;
    private final Dropout posDrop;
    public final Sequential blocks;
    public final LayerNorm norm;
    public final Linear head;            // null when config.classes() is 0

    public VisionTransformer(ViTConfig c, Generator g) {
        config = c;
        int d = c.dim();
        clsToken = param("cls_token", Init.normal(g, 0, 0.02, 1, 1, d));
        if (c.posEmbed() == ViTConfig.PosEmbed.LEARNED) {
            learnedPos = param("pos_embed", Init.truncNormal(g, 0, 0.02, -2, 2, 1, 1 + c.patches(), d));
        } else {
            learnedPos = null;
            buffer("pos_embed", PositionalEmbedding.sinCos2d(d, c.gridSize(), true).unsqueeze(0));
        }
        patchEmbed = child("patch_embed", new PatchEmbed(c.imageSize(), c.patchSize(), c.channels(), d, g));
        posDrop = child("pos_drop", new Dropout(c.dropout(), g));
        TransformerBlock[] bs = new TransformerBlock[c.depth()];
        for (int i = 0; i < bs.length; i++) {
            // stochastic depth grows linearly with depth, 0 at the first block (timm)
            double rate = bs.length == 1 ? 0 : c.dropPath() * i / (bs.length - 1);
            bs[i] = new TransformerBlock(d, c.heads(), c.mlpRatio(), c.qkvBias(), c.dropout(), rate, g);
        }
        blocks = child("blocks", new Sequential(bs));
        norm = child("norm", new LayerNorm(d, 1e-6));
        head = c.classes() > 0 ? child("head", new Linear(d, c.classes(), g)) : null;
        initWeights(g);
    }

    private void initWeights(Generator g) {
        int[] w = patchEmbed.proj.weight.shape();
        patchEmbed.proj.weight.setData(Init.xavierUniform(g, w[0], w[1] * w[2] * w[3]).reshape(w));
        for (var m : namedModules().values()) {
            if (m instanceof Linear l) {
                l.weight.setData(Init.xavierUniform(g, l.weight.shape()));
                if (l.bias != null) l.bias.setData(Init.zeros(l.bias.shape()));
            }
        }
    }

    /** x (B, C, H, W) -> logits (B, classes), or pooled features (B, D) without a head. */
    @Override protected Variable forward(Variable x) {
        Variable f = pool(forwardTokens(x));
        return head == null ? f : head.apply(f);
    }

    /** x (B, C, H, W) -> normalised tokens (B, 1 + N, D), the class token first: every patch visible. */
    public Variable forwardTokens(Variable x) { return forwardBlocks(embed(x)); }

    /** x (B, C, H, W) -> (B, 1 + N, D): {@link #embedPatches}, then {@link #prependClassToken}. */
    public Variable embed(Variable x) { return prependClassToken(embedPatches(x)); }

    /**
     * x (B, C, H, W) -> patch tokens plus their positions (B, N, D). Positions are added before the
     * class token joins, as MAE does, so a masking step can drop patch tokens in between.
     */
    public Variable embedPatches(Variable x) {
        return patchEmbed.apply(x).add(posEmbed().narrow(1, 1, config.patches()));
    }

    /** tokens (B, L, D), any L of patch tokens (all, or the visible ones) -> (B, 1 + L, D): class token (plus position 0) in front. */
    public Variable prependClassToken(Variable tokens) {
        Variable cls = clsToken.add(posEmbed().narrow(1, 0, 1)).expand(tokens.size(0), 1, config.dim());
        return posDrop.apply(Index.cat(1, cls, tokens));
    }

    /** tokens (B, T, D) -> the blocks, then the final norm (B, T, D). */
    public Variable forwardBlocks(Variable tokens) { return norm.apply(blocks.apply(tokens)); }

    /** (1, 1 + N, D): the learned parameter, or the fixed sin-cos table as a constant. */
    public Variable posEmbed() { return learnedPos != null ? learnedPos : Variable.constant(buffer("pos_embed")); }

    /** tokens (B, 1 + N, D) -> (B, D): the class token, or the mean of the patch tokens. */
    public Variable pool(Variable tokens) {
        return config.pool() == ViTConfig.Pool.CLS ? tokens.narrow(1, 0, 1).squeeze(1)
                : tokens.narrow(1, 1, config.patches()).mean(false, 1);
    }
}
