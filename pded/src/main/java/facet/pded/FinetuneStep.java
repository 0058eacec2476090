package facet.pded;

import facet.autograd.Variable;
import facet.nn.optim.AdamW;
import facet.nn.optim.Optimizer;
import facet.nn.optim.ParamGroup;
import facet.tensor.Tensor;

import java.util.Set;

/**
 * One fine-tuning step of PDED (Algorithm 1, lines 9-11): forward, L_exp + lambda_2 L_dom,
 * backward, one optimizer update. Tensors in, losses out; the loop, the schedule and the data
 * are the caller's. The model must be in train mode (batch norm on batch statistics).
 */
public final class FinetuneStep {
    /** The step's losses as 0-d tensors on the model's device: reading them (item()) is the caller's choice, and syncs. */
    public record Losses(Tensor total, Tensor expression, Tensor domain) {}

    private final PdedModel model;
    private final Optimizer optimizer;

    /** optimizer: over the model's trainable parameters, e.g. {@link #adamw}; a learning-rate schedule sets its lr between steps. */
    public FinetuneStep(PdedModel model, Optimizer optimizer) {
        this.model = model;
        this.optimizer = optimizer;
    }

    /**
     * images (B, 3, H, W), expression labels (B) and domain labels (B), int32, all on the model's device
     * -> the losses before the update. Leaves each trained parameter's gradient in place for inspection.
     */
    public Losses step(Tensor images, Tensor expressionLabels, Tensor domainLabels) {
        optimizer.zeroGrad();
        PdedModel.LossTerms l = model.forwardLoss(model.forward(Variable.constant(images)), expressionLabels, domainLabels);
        l.total().backward();
        optimizer.step();
        return new Losses(l.total().data(), l.expression().data(), l.domain().data());
    }

    /**
     * AdamW as the paper fine-tunes (lr 1e-4, weight decay 0.05; betas 0.9 / 0.999, PyTorch's defaults),
     * biases and norms without decay. A frozen encoder's parameters are in its groups but get no
     * gradient, so the optimizer never touches them.
     */
    public static AdamW adamw(PdedModel model, double lr, double weightDecay) {
        return new AdamW(ParamGroup.decayAndNoDecay(model, weightDecay, Set.of()), lr, 0.9, 0.999, 1e-8);
    }
}
