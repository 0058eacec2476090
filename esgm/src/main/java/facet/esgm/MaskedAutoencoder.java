package facet.esgm;

import facet.autograd.Index;
import facet.autograd.Losses;
import facet.autograd.Variable;
import facet.nn.Init;
import facet.nn.LayerNorm;
import facet.nn.Linear;
import facet.nn.PositionalEmbedding;
import facet.nn.Sequential;
import facet.nn.TransformerBlock;
import facet.nn.models.VisionTransformer;
import facet.tensor.Generator;
import facet.tensor.Shape;
import facet.tensor.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * ESGM's masked autoencoder, in the shape of MAE's models_mae.py: the encoder (this
 * {@link VisionTransformer}, run on the visible patches only), a light decoder, and the
 * mask-weight block that chooses what to hide. Glossary: B batch, C = 3 channels, H = W image
 * size, P patch size, N = (H / P)^2 patches, K visible, D encoder dim, Dd decoder dim,
 * L = P * P * C pixels per patch. Masks follow {@link Masking}'s convention: 0 keep, 1 remove.
 *
 * <p>State-dict keys are MAE's: the encoder's (cls_token, pos_embed, patch_embed.proj.*,
 * blocks.N.*, norm.*) at the top level, then mask_token, decoder_embed.*, decoder_pos_embed,
 * decoder_blocks.N.*, decoder_norm.*, decoder_pred.*, and the block under mask_weight.*.
 * Init is MAE's initialize_weights: xavier-uniform linears with zero bias, mask token N(0, 0.02^2).
 */
public final class MaskedAutoencoder extends VisionTransformer {
    public final EsgmConfig esgm;
    public final Variable maskToken;
    public final Linear decoderEmbed, decoderPred;
    public final Sequential decoderBlocks;
    public final LayerNorm decoderNorm;
    public final MaskWeightBlock maskWeight;

    /** The encoder's side: visible latent (B, 1 + K, D), the masking, the block's output, and Eq. 5's target (B, N) or null. */
    public record Encoded(Variable latent, Masking.Result masks, MaskWeightBlock.Output weights, Tensor target) {}

    /** L_pt = L_rec + lambda1 L_mask (Eq. 8), each a scalar; mask is null (and total = rec) without a parsing map. */
    public record LossTerms(Variable total, Variable rec, Variable mask) {
        /** A training step's logged values, device scalars by metrics column: loss, l_rec, and l_mask when there is one. */
        public Map<String, Tensor> logged() {
            Map<String, Tensor> values = new LinkedHashMap<>();
            values.put("loss", total.data());
            values.put("l_rec", rec.data());
            if (mask != null) values.put("l_mask", mask.data());
            return values;
        }
    }

    /** What one forward gives: the losses, the prediction (B, N, L) and the encoder's side. */
    public record Output(LossTerms losses, Variable pred, Encoded encoded) {}

    public MaskedAutoencoder(EsgmConfig c, Generator g) {
        super(c.encoder(), g);
        esgm = c;
        int dd = c.decoder().dim();
        maskWeight = child("mask_weight", new MaskWeightBlock(c.encoder().dim(), c.patches(), c.weightBlock(), g));
        maskToken = param("mask_token", Init.normal(g, 0, 0.02, 1, 1, dd));
        decoderEmbed = child("decoder_embed", new Linear(c.encoder().dim(), dd, g));
        buffer("decoder_pos_embed", PositionalEmbedding.sinCos2d(dd, c.encoder().gridSize(), true).unsqueeze(0));
        TransformerBlock[] bs = new TransformerBlock[c.decoder().depth()];
        for (int i = 0; i < bs.length; i++) bs[i] = new TransformerBlock(dd, c.decoder().heads(), 4.0, true, 0, 0, g);
        decoderBlocks = child("decoder_blocks", new Sequential(bs));
        decoderNorm = child("decoder_norm", new LayerNorm(dd, 1e-6));
        decoderPred = child("decoder_pred", new Linear(dd, c.patchDim(), g));
        for (var e : namedModules().entrySet()) {
            if (e.getKey().startsWith("decoder") && e.getValue() instanceof Linear l) {
                l.weight.setData(Init.xavierUniform(g, l.weight.shape()));
                l.bias.setData(Init.zeros(l.bias.shape()));
            }
        }
    }

    /**
     * Parameters AdamW must not decay beyond biases and norms (timm's no_weight_decay, MAE's
     * param groups): the class and mask tokens and the position tables.
     */
    public Set<String> noWeightDecay() { return Set.of("cls_token", "mask_token", "pos_embed", "decoder_pos_embed"); }

    // =========================================================================================
    // Patches
    // =========================================================================================

    /** imgs (B, C, H, W) -> (B, N, L), each patch's pixels row by row, channels last (MAE's layout, which decoder_pred's rows follow). */
    public Tensor patchify(Tensor imgs) {
        int p = esgm.patchSize(), g = config.gridSize(), c = config.channels();
        if (imgs.dim() != 4 || imgs.size(1) != c || imgs.size(2) != g * p || imgs.size(3) != g * p) {
            throw new IllegalArgumentException("patchify: expects images (B, " + c + ", " + g * p + ", " + g * p + "), got " + Shape.str(imgs.shape()));
        }
        int b = imgs.size(0);
        return imgs.reshape(b, c, g, p, g, p).permute(0, 2, 4, 3, 5, 1).reshape(b, g * g, p * p * c);
    }

    /** x (B, N, L) -> imgs (B, C, H, W): the inverse of {@link #patchify}. */
    public Tensor unpatchify(Tensor x) {
        int p = esgm.patchSize(), g = config.gridSize(), c = config.channels(), b = x.size(0);
        if (x.dim() != 3 || x.size(1) != g * g || x.size(2) != p * p * c) {
            throw new IllegalArgumentException("unpatchify: expects (B, " + g * g + ", " + p * p * c + "), got " + Shape.str(x.shape()));
        }
        return x.reshape(b, g, g, p, p, c).permute(0, 5, 1, 3, 2, 4).reshape(b, c, g * p, g * p);
    }

    // =========================================================================================
    // Encoder, decoder, loss
    // =========================================================================================

    /**
     * imgs (B, C, H, W), parsing int32 (B, H, W) or null -> latent (B, 1 + K, D) and the masking.
     * Positions are added to all N patch tokens; the block reads them detached (L_mask trains
     * the block, L_rec the encoder) and gives w; the strategy picks the masked patches from w
     * (detached again: selection passes no gradient); the visible tokens are gathered, the
     * class token joins, and the blocks run on 1 + K tokens.
     */
    public Encoded forwardEncoder(Tensor imgs, Tensor parsing, Masking masking) {
        Variable tokens = embedPatches(Variable.constant(imgs));                                   // (B, N, D)
        MaskWeightBlock.Output weights = maskWeight.forward(tokens.detach());
        Tensor target = parsing == null ? null : ExpressionTarget.fractions(parsing, esgm.patchSize(), esgm.expressionParts());
        Masking.Result masks = masking.select(new Masking.Inputs(weights.w().data(), target, esgm.maskedCount()));
        int b = imgs.size(0), k = masks.idsKeep().size(1), d = config.dim();
        Variable visible = Index.gather(tokens, 1, masks.idsKeep().unsqueeze(2).expand(b, k, d));   // (B, K, D)
        return new Encoded(forwardBlocks(prependClassToken(visible)), masks, weights, target);
    }

    /**
     * latent (B, 1 + K, D), idsRestore (B, N) -> pred (B, N, L). Mask tokens fill the N - K
     * removed places, the restore gather puts every token back in patch order, the class token
     * stays in front for the blocks and is dropped before the head.
     */
    public Variable forwardDecoder(Variable latent, Tensor idsRestore) {
        Variable x = decoderEmbed.apply(latent);                                                   // (B, 1 + K, Dd)
        int b = x.size(0), n = idsRestore.size(1), k = x.size(1) - 1, dd = x.size(2);
        Variable filled = Index.cat(1, x.narrow(1, 1, k), maskToken.expand(b, n - k, dd));          // [kept..., masked...]
        Variable ordered = Index.gather(filled, 1, idsRestore.unsqueeze(2).expand(b, n, dd));
        x = Index.cat(1, x.narrow(1, 0, 1), ordered).add(Variable.constant(buffer("decoder_pos_embed")));
        x = decoderNorm.apply(decoderBlocks.apply(x));
        return decoderPred.apply(x).narrow(1, 1, n);
    }

    /**
     * imgs (B, C, H, W), pred (B, N, L), the encoder's side -> L_rec (Eq. 7: MSE per masked patch,
     * mean over masked patches; target normalised per patch with normPixLoss), L_mask (Eq. 6) when
     * a parsing map was given, and their sum with lambda1 (Eq. 8).
     */
    public LossTerms forwardLoss(Tensor imgs, Variable pred, Encoded enc) {
        Variable rec = Losses.maskedMse(pred, patchify(imgs), enc.masks().mask(), esgm.normPixLoss());
        if (enc.target() == null) return new LossTerms(rec, rec, null);
        Variable mask = ExpressionTarget.maskLoss(enc.weights().w(), enc.target());
        return new LossTerms(rec.add(mask.mul(esgm.lambda1())), rec, mask);
    }

    /** imgs (B, C, H, W), parsing int32 (B, H, W) or null -> losses, pred (B, N, L) and the masking. */
    public Output forward(Tensor imgs, Tensor parsing, Masking masking) {
        Encoded enc = forwardEncoder(imgs, parsing, masking);
        Variable pred = forwardDecoder(enc.latent(), enc.masks().idsRestore());
        return new Output(forwardLoss(imgs, pred, enc), pred, enc);
    }

    /** imgs (B, C, H, W), mask (B, N) -> the images with the removed patches (mask 1) blacked out: the masked input of Fig. 5. */
    public Tensor maskedInput(Tensor imgs, Tensor mask) {
        return unpatchify(patchify(imgs).mul(mask.neg().add(1).unsqueeze(2)));
    }

    /** pred (B, N, L) -> images (B, C, H, W); with normPixLoss each patch is put back at the target patch's mean and std (MAE's visualisation). */
    public Tensor reconstruction(Tensor imgs, Tensor pred) {
        if (!esgm.normPixLoss()) return unpatchify(pred);
        Tensor t = patchify(imgs);
        return unpatchify(pred.mul(t.var(true, 1, -1).add(1e-6).sqrt()).add(t.mean(true, -1)));
    }
}
