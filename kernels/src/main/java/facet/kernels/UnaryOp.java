package facet.kernels;

/**
 * Elementwise one-input ops: the formula of each, once, in double precision.
 *
 * <p>Backends apply these over strided inputs; the float32 CPU path evaluates the same formula and
 * rounds, so it differs from the float64 reference only by that rounding. Derivatives are not
 * here: backward rules compose them from other ops (see {@code facet.autograd}).
 */
public enum UnaryOp {
    NEG { public double apply(double x) { return -x; } },
    EXP { public double apply(double x) { return Math.exp(x); } },
    LOG { public double apply(double x) { return Math.log(x); } },
    SQRT { public double apply(double x) { return Math.sqrt(x); } },
    RSQRT { public double apply(double x) { return 1.0 / Math.sqrt(x); } },
    ABS { public double apply(double x) { return Math.abs(x); } },
    SIGN { public double apply(double x) { return Math.signum(x); } },
    RELU { public double apply(double x) { return x > 0 ? x : 0.0; } },
    /** x * Phi(x), the exact (erf) form, not the tanh approximation. */
    GELU { public double apply(double x) { return 0.5 * x * (1.0 + MathFns.erf(x * MathFns.INV_SQRT2)); } },
    SIGMOID { public double apply(double x) { return MathFns.sigmoid(x); } },
    TANH { public double apply(double x) { return Math.tanh(x); } },
    ERF { public double apply(double x) { return MathFns.erf(x); } },
    /** d gelu / dx = Phi(x) + x phi(x): gelu's backward in one pass instead of nine. */
    GELU_GRAD {
        public double apply(double x) {
            return 0.5 * (1.0 + MathFns.erf(x * MathFns.INV_SQRT2)) + x * Math.exp(-0.5 * x * x) * MathFns.INV_SQRT_2PI;
        }
    },
    /** log(1 + exp(x)) without overflow; used by BCE-with-logits. */
    SOFTPLUS { public double apply(double x) { return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x))); } };

    public abstract double apply(double x);

    /** The float32 path: the double formula, rounded once. */
    public float apply(float x) { return (float) apply((double) x); }
}
