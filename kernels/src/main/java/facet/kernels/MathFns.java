package facet.kernels;

/** Scalar special functions the JDK lacks, accurate to double rounding. */
public final class MathFns {
    private MathFns() {}

    public static final double INV_SQRT2 = 0.7071067811865476;
    public static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    /** 1 / sqrt(2 pi), the standard normal density at 0. */
    public static final double INV_SQRT_2PI = 0.3989422804014327;

    /**
     * erf(x) from the series erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (1*3*...*(2n+1)).
     * Every term is positive, so nothing cancels; about 2x^2 + 40 terms reach double precision.
     * Beyond |x| = 6, erf is +-1 to double precision (erfc(6) ~ 2e-17).
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double ax = Math.abs(x);
        if (ax >= 6.0) return Math.signum(x);
        double x2 = ax * ax, term = ax, sum = ax;
        for (int n = 1; n < 500; n++) {
            term *= 2.0 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) break;
        }
        return Math.copySign(TWO_OVER_SQRT_PI * Math.exp(-x2) * sum, x);
    }

    /** 1 / (1 + e^{-x}), written so neither branch overflows. */
    public static double sigmoid(double x) {
        if (x >= 0) return 1.0 / (1.0 + Math.exp(-x));
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}
