package facet.autograd;

import facet.tensor.Tensor;

/** The softmax family (softmax.cu / facet.kernels.cuda.Softmax fuse the forward on CUDA; the CPU composes it). */
public final class Softmax {
    private Softmax() {}

    /** x (...) -> x's shape, y = softmax(x) along axis; dX = y * (dY - sum(dY * y)) along axis. */
    public static Variable softmax(Variable a, int axis) {
        Tensor y = a.data().softmax(axis);
        return Variable.make("softmax", y, (d, n) -> new Tensor[] {y.mul(d.sub(d.mul(y).sum(true, axis)))}, a);
    }

    /** x (...) -> x's shape, y = log_softmax(x) along axis; dX = dY - softmax(x) * sum(dY) along axis. */
    public static Variable logSoftmax(Variable a, int axis) {
        Tensor y = a.data().logSoftmax(axis);
        return Variable.make("log_softmax", y, (d, n) -> new Tensor[] {d.sub(y.exp().mul(d.sum(true, axis)))}, a);
    }
}
