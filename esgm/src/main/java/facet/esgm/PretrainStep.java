package facet.esgm;

import facet.nn.optim.AdamW;
import facet.nn.optim.Optimizer;
import facet.nn.optim.ParamGroup;
import facet.tensor.Tensor;

import java.util.Set;

/**
 * One ESGM pre-training step (Algorithm 1, lines 3 to 5): forward with the given masking,
 * backward of L_pt = L_rec + lambda1 L_mask, one optimizer step. Tensors in, losses out as
 * device scalars: nothing here reads the device (the loop decides when to log). No data
 * loading, no schedule: the loop in train sets the learning rate before each call.
 */
public final class PretrainStep {
    private final MaskedAutoencoder model;
    private final Masking masking;
    private final Optimizer optimizer;

    /** The losses of one step as 0-d tensors on the model's device; mask is null for a step without parsing maps. */
    public record Losses(Tensor total, Tensor rec, Tensor mask) {}

    public PretrainStep(MaskedAutoencoder model, Masking masking, Optimizer optimizer) {
        this.model = model;
        this.masking = masking;
        this.optimizer = optimizer;
    }

    /**
     * The paper's optimizer: AdamW with lr = 1.5e-4 * batch / 256 (MAE's scaling), betas (0.9, 0.95),
     * weight decay 0.05; none on biases and norms (MAE's param groups), nor on the class and mask tokens.
     */
    public static AdamW adamw(MaskedAutoencoder model, int batch) {
        var groups = ParamGroup.decayAndNoDecay(model, 0.05, Set.of("cls_token", "mask_token", "pos_embed", "decoder_pos_embed"));
        return new AdamW(groups, 1.5e-4 * batch / 256, 0.9, 0.95, 1e-8);
    }

    public MaskedAutoencoder model() { return model; }

    public Masking masking() { return masking; }

    public Optimizer optimizer() { return optimizer; }

    /** images (B, 3, H, W) float, parsing int32 (B, H, W) or null (phase 2) -> the step's losses (device scalars). */
    public Losses step(Tensor images, Tensor parsing) {
        model.train();
        optimizer.zeroGrad();
        MaskedAutoencoder.LossTerms l = model.forward(images, parsing, masking).losses();
        l.total().backward();
        optimizer.step();
        return new Losses(l.total().data(), l.rec().data(), l.mask() == null ? null : l.mask().data());
    }
}
