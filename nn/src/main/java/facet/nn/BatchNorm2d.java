package facet.nn;

import facet.autograd.Norm;
import facet.autograd.Variable;
import facet.kernels.Epilogue;
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

    @Override protected Variable forward(Variable x) { return apply(x, Epilogue.none()); }

    /**
     * x (N, C, H, W) -> epilogue(bn(x)): relu(bn(x)) with {@code Epilogue.relu()}, relu(bn(x) + residual)
     * with {@code Epilogue.addRelu(residual)}, one op while training (the backend may write y in
     * the normalising pass, and mask dY in its backward); evaluation composes them.
     */
    public Variable apply(Variable x, Epilogue<Variable> epilogue) {
        check(x);
        Variable y = Norm.batchNorm(x, weight, bias, runningMean(), runningVar(), isTraining(), momentum, eps, epilogue);
        Summary.record(this, y);
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
