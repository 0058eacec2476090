package facet.kernels;

/**
 * Elementwise two-input ops over broadcast operands. Comparisons return 1 or 0 in the operands'
 * float type, so masks compose with {@code MUL} and {@code WHERE} without an extra dtype.
 */
public enum BinaryOp {
    ADD { public double apply(double a, double b) { return a + b; } },
    SUB { public double apply(double a, double b) { return a - b; } },
    MUL { public double apply(double a, double b) { return a * b; } },
    DIV { public double apply(double a, double b) { return a / b; } },
    POW { public double apply(double a, double b) { return Math.pow(a, b); } },
    MAX { public double apply(double a, double b) { return Math.max(a, b); } },
    MIN { public double apply(double a, double b) { return Math.min(a, b); } },
    GT { public double apply(double a, double b) { return a > b ? 1 : 0; } },
    GE { public double apply(double a, double b) { return a >= b ? 1 : 0; } },
    LT { public double apply(double a, double b) { return a < b ? 1 : 0; } },
    LE { public double apply(double a, double b) { return a <= b ? 1 : 0; } },
    EQ { public double apply(double a, double b) { return a == b ? 1 : 0; } },
    NE { public double apply(double a, double b) { return a != b ? 1 : 0; } },
    /** relu's backward, (g, x) -> g where x > 0, else 0: one pass instead of a mask and a product. */
    RELU_BACKWARD { public double apply(double g, double x) { return x > 0 ? g : 0; } },
    /** gelu's backward, (g, x) -> g (Phi(x) + x phi(x)): one pass instead of the derivative and a product. */
    GELU_BACKWARD { public double apply(double g, double x) { return g * UnaryOp.GELU_GRAD.apply(x); } };

    public abstract double apply(double a, double b);

    /** The float32 path. Arithmetic ops are exact in float already; the rest round once. */
    public float apply(float a, float b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case RELU_BACKWARD -> b > 0 ? a : 0f;
            default -> (float) apply((double) a, (double) b);
        };
    }
}
