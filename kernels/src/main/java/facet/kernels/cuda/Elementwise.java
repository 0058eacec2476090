package facet.kernels.cuda;

import facet.kernels.BinaryOp;
import facet.kernels.UnaryOp;

/**
 * Launchers of elementwise.cu: unary, binary and where over strided float32 inputs into a
 * contiguous output, and the dtype-converting strided copy. Broadcast operands arrive as views
 * with stride 0; addresses already include each tensor's offset.
 */
public final class Elementwise {
    private Elementwise() {}

    /** The op's code in unary_apply (elementwise.cu); the switch is exhaustive, so a new op fails to compile here. */
    public static int unaryCode(UnaryOp op) {
        return switch (op) {
            case NEG -> 0; case EXP -> 1; case LOG -> 2; case SQRT -> 3; case RSQRT -> 4; case ABS -> 5; case SIGN -> 6;
            case RELU -> 7; case GELU -> 8; case SIGMOID -> 9; case TANH -> 10; case ERF -> 11; case SOFTPLUS -> 12;
            case GELU_GRAD -> 13;
        };
    }

    public static int binaryCode(BinaryOp op) {
        return switch (op) {
            case ADD -> 0; case SUB -> 1; case MUL -> 2; case DIV -> 3; case POW -> 4; case MAX -> 5; case MIN -> 6;
            case GT -> 7; case GE -> 8; case LT -> 9; case LE -> 10; case EQ -> 11; case NE -> 12;
            case RELU_BACKWARD -> 13; case GELU_BACKWARD -> 14;
        };
    }

    /** out (contiguous over shape) = op(x). */
    public static Launch unary(UnaryOp op, int[] shape, long x, int[] xStrides, long out) {
        Layout l = Layout.of(shape, xStrides);
        return Launch.loop("unary_f32", l.count(), new KernelArgs().i32(unaryCode(op)).sizes(l.sizes()).i64(l.count())
                .ptr(x).strides(l.strides(0)).ptr(out));
    }

    /** out = op(a, b); a and b are views of the same shape. */
    public static Launch binary(BinaryOp op, int[] shape, long a, int[] aStrides, long b, int[] bStrides, long out) {
        Layout l = Layout.of(shape, aStrides, bStrides);
        return Launch.loop("binary_f32", l.count(), new KernelArgs().i32(binaryCode(op)).sizes(l.sizes()).i64(l.count())
                .ptr(a).strides(l.strides(0)).ptr(b).strides(l.strides(1)).ptr(out));
    }

    /** out = c != 0 ? a : b. */
    public static Launch where(int[] shape, long c, int[] cStrides, long a, int[] aStrides, long b, int[] bStrides, long out) {
        Layout l = Layout.of(shape, cStrides, aStrides, bStrides);
        return Launch.loop("where_f32", l.count(), new KernelArgs().sizes(l.sizes()).i64(l.count())
                .ptr(c).strides(l.strides(0)).ptr(a).strides(l.strides(1)).ptr(b).strides(l.strides(2)).ptr(out));
    }

    /**
     * dst[i] = convert(src[i]) over shape, both strided; element types "f32", "f64" or "i32".
     * Float to int truncates toward zero with Java's NaN and overflow rules.
     */
    public static Launch copy(String srcType, String dstType, int[] shape, long src, int[] srcStrides, long dst, int[] dstStrides) {
        Layout l = Layout.of(shape, srcStrides, dstStrides);
        return Launch.loop("copy_" + type(srcType) + "_" + type(dstType), l.count(), new KernelArgs().sizes(l.sizes())
                .i64(l.count()).ptr(src).strides(l.strides(0)).ptr(dst).strides(l.strides(1)));
    }

    private static String type(String t) {
        if (!t.equals("f32") && !t.equals("f64") && !t.equals("i32")) throw new IllegalArgumentException("copy: unknown element type " + t);
        return t;
    }
}
