package facet.autograd;

import facet.kernels.BinaryOp;
import facet.tensor.Tensor;

/**
 * Elementwise ops and their backward rules. Binary ops broadcast; each rule returns gradients
 * of the broadcast shape and the engine sums them back to each input's shape.
 */
public final class Pointwise {
    private Pointwise() {}

    private static Tensor[] g(Tensor... gs) { return gs; }

    // ---- binary ------------------------------------------------------------------------------

    public static Variable add(Variable a, Variable b) {
        return Variable.make("add", a.data().add(b.data()), (d, n) -> g(d, d), a, b);
    }

    public static Variable sub(Variable a, Variable b) {
        return Variable.make("sub", a.data().sub(b.data()), (d, n) -> g(d, n[1] ? d.neg() : null), a, b);
    }

    public static Variable mul(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data();
        return Variable.make("mul", x.mul(y), (d, n) -> g(n[0] ? d.mul(y) : null, n[1] ? d.mul(x) : null), a, b);
    }

    /** d(a/b)/db = -a/b^2 = -out/b. */
    public static Variable div(Variable a, Variable b) {
        Tensor x = a.data(), y = b.data(), out = x.div(y);
        return Variable.make("div", out, (d, n) -> g(n[0] ? d.div(y) : null, n[1] ? d.mul(out).div(y).neg() : null), a, b);
    }

    /** Ties split the gradient evenly, as PyTorch does. */
    public static Variable maximum(Variable a, Variable b) { return pick("maximum", a, b, true); }

    public static Variable minimum(Variable a, Variable b) { return pick("minimum", a, b, false); }

    private static Variable pick(String op, Variable a, Variable b, boolean max) {
        Tensor x = a.data(), y = b.data();
        Tensor out = max ? x.maximum(y) : x.minimum(y);
        return Variable.make(op, out, (d, n) -> {
            Tensor wa = (max ? x.gt(y) : x.lt(y)).add(x.eq(y).mul(0.5));
            return g(d.mul(wa), n[1] ? d.mul(wa.neg().add(1.0)) : null);
        }, a, b);
    }

    /** cond ? a : b; cond (a 0/1 float tensor) gets no gradient. */
    public static Variable where(Tensor cond, Variable a, Variable b) {
        Tensor zero = Tensor.scalar(0, a.dtype(), a.data().device());
        return Variable.make("where", Tensor.where(cond, a.data(), b.data()),
                (d, n) -> g(n[0] ? Tensor.where(cond, d, zero) : null, n[1] ? Tensor.where(cond, zero, d) : null), a, b);
    }

    // ---- unary -------------------------------------------------------------------------------

    public static Variable neg(Variable a) { return Variable.make("neg", a.data().neg(), (d, n) -> g(d.neg()), a); }

    public static Variable exp(Variable a) {
        Tensor out = a.data().exp();
        return Variable.make("exp", out, (d, n) -> g(d.mul(out)), a);
    }

    public static Variable log(Variable a) {
        Tensor x = a.data();
        return Variable.make("log", x.log(), (d, n) -> g(d.div(x)), a);
    }

    public static Variable sqrt(Variable a) {
        Tensor out = a.data().sqrt();
        return Variable.make("sqrt", out, (d, n) -> g(d.div(out).mul(0.5)), a);
    }

    /** d(x^-1/2) = -x^-3/2 / 2 = -out^3 / 2. */
    public static Variable rsqrt(Variable a) {
        Tensor out = a.data().rsqrt();
        return Variable.make("rsqrt", out, (d, n) -> g(d.mul(out.mul(out).mul(out)).mul(-0.5)), a);
    }

    /** x^p for a constant p. */
    public static Variable pow(Variable a, double p) {
        Tensor x = a.data();
        return Variable.make("pow", x.pow(p), (d, n) -> g(d.mul(x.pow(p - 1)).mul(p)), a);
    }

    public static Variable abs(Variable a) {
        Tensor x = a.data();
        return Variable.make("abs", x.abs(), (d, n) -> g(d.mul(x.sign())), a);
    }

    public static Variable relu(Variable a) {
        Tensor x = a.data();
        return Variable.make("relu", x.relu(), (d, n) -> g(d.binary(BinaryOp.RELU_BACKWARD, x)), a);
    }

    /** d gelu = Phi(x) + x phi(x), Phi(x) = (1 + erf(x / sqrt 2)) / 2, phi(x) = exp(-x^2 / 2) / sqrt(2 pi): one pass with the upstream gradient. */
    public static Variable gelu(Variable a) {
        Tensor x = a.data();
        return Variable.make("gelu", x.gelu(), (d, n) -> g(d.binary(BinaryOp.GELU_BACKWARD, x)), a);
    }

    public static Variable sigmoid(Variable a) {
        Tensor out = a.data().sigmoid();
        return Variable.make("sigmoid", out, (d, n) -> g(d.mul(out).mul(out.neg().add(1.0))), a);
    }

    public static Variable tanh(Variable a) {
        Tensor out = a.data().tanh();
        return Variable.make("tanh", out, (d, n) -> g(d.mul(out.mul(out).neg().add(1.0))), a);
    }

    /** log(1 + e^x); its derivative is sigmoid(x). */
    public static Variable softplus(Variable a) {
        Tensor x = a.data();
        return Variable.make("softplus", x.softplus(), (d, n) -> g(d.mul(x.sigmoid())), a);
    }

    /** Gradient passes where lo <= x <= hi (bounds inclusive, as PyTorch). */
    public static Variable clamp(Variable a, double lo, double hi) {
        Tensor x = a.data();
        return Variable.make("clamp", x.clamp(lo, hi), (d, n) -> g(d.mul(x.ge(lo).mul(x.le(hi)))), a);
    }
}
