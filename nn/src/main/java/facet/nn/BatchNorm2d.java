package facet.nn;

import facet.autograd.Norm;
import facet.autograd.Variable;
import facet.tensor.Tensor;

/**
 * Batch norm per channel of x (N, C, H, W) by {@link Norm#batchNorm}: weight 1, bias 0,
 * running_mean 0, running_var 1, momentum 0.1, eps 1e-5 (PyTorch's defaults). Training
 * normalises by the batch and updates the running statistics in place; eval uses them.
 * PyTorch's {@code num_batches_tracked} buffer is not kept: it only matters with momentum=None.
 */
public final class BatchNorm2d extends Layer {
    public final Variable weight, bias;
    private final double momentum, eps;

    public BatchNorm2d(int channels) { this(channels, 0.1, 1e-5); }

    public BatchNorm2d(int channels, double momentum, double eps) {
        this.momentum = momentum;
        this.eps = eps;
        weight = param("weight", Init.ones(channels));
        bias = param("bias", Init.zeros(channels));
        buffer("running_mean", Tensor.zeros(channels));
        buffer("running_var", Tensor.ones(channels));
    }

    public Tensor runningMean() { return buffer("running_mean"); }

    public Tensor runningVar() { return buffer("running_var"); }

    @Override protected Variable forward(Variable x) {
        check(x);
        return Norm.batchNorm(x, weight, bias, runningMean(), runningVar(), isTraining(), momentum, eps);
    }

    /**
     * x (N, C, H, W) -> relu.apply(apply(x)), with the ReLU fused into batch norm while training:
     * one op, no separate ReLU pass forward or backward. relu is the caller's own ReLU layer,
     * recorded as applied (for {@link Summary}); evaluation simply applies both layers.
     */
    public Variable applyRelu(Variable x, Relu relu) { return fused(x, null, relu); }

    /**
     * x (N, C, H, W) -> relu.apply(apply(x).add(residual)), a ResNet block's end, fused while
     * training into one op that reads x and the residual once and writes y once. Both layers are
     * recorded as applied; evaluation applies them one by one.
     */
    public Variable applyAddRelu(Variable x, Variable residual, Relu relu) { return fused(x, residual, relu); }

    /** The training op of both: batch norm, the residual (or null) added, then the ReLU; both layers recorded as applied. */
    private Variable fused(Variable x, Variable residual, Relu relu) {
        if (!isTraining()) return relu.apply(residual == null ? apply(x) : apply(x).add(residual));
        check(x);
        Variable y = residual == null ? Norm.batchNorm(x, weight, bias, runningMean(), runningVar(), true, momentum, eps, true)
                                      : Norm.batchNormAddRelu(x, weight, bias, runningMean(), runningVar(), true, momentum, eps, residual);
        Summary.record(this, y);
        Summary.record(relu, y);
        return y;
    }

    private void check(Variable x) {
        x.data().requireDim("BatchNorm2d", 4, "(N, C, H, W)");
        if (isTraining() && x.size(0) * x.size(2) * x.size(3) < 2) {
            throw new IllegalArgumentException("BatchNorm2d: training needs more than one value per channel, got input "
                    + java.util.Arrays.toString(x.shape()) + "; use eval() for single samples");
        }
    }
}
