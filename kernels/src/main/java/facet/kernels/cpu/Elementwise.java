package facet.kernels.cpu;

import facet.kernels.BinaryOp;
import facet.kernels.MathFns;
import facet.kernels.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels over strided float32 inputs into a contiguous output. Broadcasting is the
 * caller's business: a broadcast operand arrives as a view with stride 0 on expanded dims.
 *
 * <p>The strided walk ({@link Strided}) hands each kernel rows; a row whose operands have inner
 * stride 1 or 0 (contiguous, or one value repeated) runs the Vector API loop, others the scalar
 * loop. Large tensors split their rows (or their one long row) across the kernel threads.
 * Bottleneck: memory bandwidth, 8 to 12 bytes per element.
 */
public final class Elementwise {
    private Elementwise() {}

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int L = S.length();
    private static final FloatVector ONE = FloatVector.broadcast(S, 1f), ZERO = FloatVector.zero(S);
    /** Elements below which one thread does the whole op: about 20 us of streaming. */
    static final int PARALLEL_ELEMENTS = 1 << 16;

    /** out[i] = op(x[i]) over {@code shape}; out is contiguous from 0 and a separate array (gelu's derivative writes it before its last read of x). */
    public static void unary(UnaryOp op, float[] x, int xOff, int[] xStrides, int[] shape, float[] out) {
        Strided plan = new Strided(shape, Strided.contiguous(shape), xStrides);
        int xs = plan.innerStride(1);
        int[] offsets = {0, xOff};
        switch (op) {   // the erf family has loops of its own (see erfRow)
            case ERF, GELU -> rows(plan, offsets, (b, from, to) -> erfRow(op, x, b[1], xs, null, 0, 0, out, b[0], from, to));
            case GELU_GRAD -> rows(plan, offsets, (b, from, to) -> geluGrad(x, b[1], xs, null, 0, 0, out, b[0], from, to));
            default -> rows(plan, offsets, (b, from, to) -> unaryRow(op, x, b[1], xs, out, b[0], from, to));
        }
    }

    /** out[i] = op(a[i], b[i]); a and b are views of the same shape; out is a separate array, as for unary. */
    public static void binary(BinaryOp op, float[] a, int aOff, int[] aStrides,
                              float[] b, int bOff, int[] bStrides, int[] shape, float[] out) {
        Strided plan = new Strided(shape, Strided.contiguous(shape), aStrides, bStrides);
        int as = plan.innerStride(1), bs = plan.innerStride(2);
        int[] offsets = {0, aOff, bOff};
        if (op == BinaryOp.GELU_BACKWARD) {   // g * gelu'(x), g = a, x = b: see erfRow
            rows(plan, offsets, (p, from, to) -> geluGrad(b, p[2], bs, a, p[1], as, out, p[0], from, to));
        } else {
            rows(plan, offsets, (p, from, to) -> binaryRow(op, a, p[1], as, b, p[2], bs, out, p[0], from, to));
        }
    }

    /** out[i] = cond[i] != 0 ? a[i] : b[i]. */
    public static void where(float[] c, int cOff, int[] cStrides, float[] a, int aOff, int[] aStrides,
                             float[] b, int bOff, int[] bStrides, int[] shape, float[] out) {
        Strided plan = new Strided(shape, Strided.contiguous(shape), cStrides, aStrides, bStrides);
        int cs = plan.innerStride(1), as = plan.innerStride(2), bs = plan.innerStride(3);
        rows(plan, new int[] {0, cOff, aOff, bOff}, (p, from, to) -> {
            for (int j = from; j < to; j++) out[p[0] + j] = c[p[1] + j * cs] != 0 ? a[p[2] + j * as] : b[p[3] + j * bs];
        });
    }

    // ---- row splitting ---------------------------------------------------------------------

    /** Elements [from, to) of the row whose operand offsets are base. */
    interface RowRange {
        void run(int[] base, int from, int to);
    }

    /** Runs body over every row of the plan; in parallel when the op is big enough. */
    static void rows(Strided plan, int[] offsets, RowRange body) {
        long total = (long) plan.rows * plan.len;
        int t = Parallel.threads();
        if (total < PARALLEL_ELEMENTS || t == 1) {
            plan.forEachRow(offsets, b -> body.run(b, 0, plan.len));
        } else if (plan.rows >= t * Parallel.PIECES) {
            int parts = t * Parallel.PIECES;
            Parallel.forRange(parts, i -> plan.forRows(plan.rows * (long) i / parts, plan.rows * (long) (i + 1) / parts, offsets,
                    b -> body.run(b, 0, plan.len)));
        } else {             // a few long rows: split each row into aligned pieces
            int pieces = (t * Parallel.PIECES + plan.rows - 1) / plan.rows;
            plan.forEachRow(offsets, b -> {
                int[] base = b.clone();
                Parallel.forRange(pieces, i -> body.run(base, cut(plan.len, i, pieces), cut(plan.len, i + 1, pieces)));
            });
        }
    }

    /** The i-th of n cut points of [0, len), rounded to whole vectors. */
    private static int cut(int len, int i, int n) { return i == n ? len : (int) ((long) len * i / n) / L * L; }

    // ---- rows ------------------------------------------------------------------------------

    /**
     * out[o + j] = op(x[xi + j*xs]) for j in [from, to). Each op has its own vector loop: the Vector
     * API intrinsifies only constant operators, and a helper that passes vectors around boxes them.
     */
    static void unaryRow(UnaryOp op, float[] x, int xi, int xs, float[] out, int o, int from, int to) {
        int j = from;
        if (xs == 1 && !Simd.SCALAR) {
            int bound = from + S.loopBound(to - from);
            switch (op) {
                case NEG -> { for (; j < bound; j += L) FloatVector.fromArray(S, x, xi + j).neg().intoArray(out, o + j); }
                case EXP -> { for (; j < bound; j += L) Simd.exp(FloatVector.fromArray(S, x, xi + j)).intoArray(out, o + j); }
                case SQRT -> { for (; j < bound; j += L) FloatVector.fromArray(S, x, xi + j).sqrt().intoArray(out, o + j); }
                case RSQRT -> { for (; j < bound; j += L) ONE.div(FloatVector.fromArray(S, x, xi + j).sqrt()).intoArray(out, o + j); }
                case ABS -> { for (; j < bound; j += L) FloatVector.fromArray(S, x, xi + j).abs().intoArray(out, o + j); }
                case RELU -> { for (; j < bound; j += L) FloatVector.fromArray(S, x, xi + j).max(0f).intoArray(out, o + j); }
                case SIGMOID -> {
                    for (; j < bound; j += L) ONE.div(Simd.exp(FloatVector.fromArray(S, x, xi + j).neg()).add(1f)).intoArray(out, o + j);
                }
                // SIGN is rare (abs's backward); LOG, TANH and SOFTPLUS have no JIT-independent vector
                // form here (see Simd), so they take the scalar loop below: Math calls give one result in every JIT tier;
                // ERF, GELU and GELU_GRAD never come here: unary() sends them to loops of their own
                case SIGN, LOG, TANH, SOFTPLUS, ERF, GELU, GELU_GRAD -> { }
            }
        }
        for (; j < to; j++) out[o + j] = op.apply(x[xi + j * xs]);
    }

    /** Whether the erf family's loops run vectors over this row (else erfRow does the whole row in scalar code). */
    private static boolean vectorRow(int xs, float[] g, int gs) { return xs == 1 && (g == null || gs == 1) && !Simd.SCALAR; }

    /**
     * out[o + j] for j in [from, to), v = x[xi + j*xs]: erf(v), gelu(v) = v (1 + erf(v / sqrt 2)) / 2, or
     * gelu's derivative Phi(v) + v phi(v) = (1 + erf(v / sqrt 2)) / 2 + v exp(-v^2 / 2) / sqrt(2 pi), times
     * g[gi + j*gs] when g is given (gelu's backward). The derivative takes two passes: this one writes
     * Phi(v) for the whole vectors (and the finished value for the rest), {@link #geluGradSecond} completes
     * them; a float holds Phi exactly, so the bits are those of one pass. Why: C2 stops inlining past a
     * node count, even what the launcher forces inline, and with erf's exp and phi's in one loop it called
     * the second out of line and boxed its vectors (gelu's backward took 2.2x the forward).
     *
     * <p>erf comes from Numerical Recipes' Chebyshev fit of erfc: erfc(z) = t exp(-z^2 + P(t)), t = 1 / (1 + z/2),
     * fractional error below 1.2e-7 for z >= 0; erf = 1 - erfc, odd. The vector part runs in blocks of
     * {@link #ERF_BLOCK} floats, two loops a block: {@link #erfExponent} writes -z^2 + P(t) into out,
     * {@link #erfFinish} takes its exp and finishes (t computed again: cheaper than a second buffer).
     * In one loop body (P's chain of nine dependent FMAs, then exp's chain: our reading of why) gelu's
     * forward ran 1.50-1.55 ms for 32x65x768 floats on one thread, 1.18-1.22 ms split (same bits).
     * Each loop is a method of its own: the Vector API is only fast inlined, and C2 stops inlining
     * into a caller that has grown too big (two loops in one method ran 2x slower).
     */
    private static void erfRow(UnaryOp op, float[] x, int xi, int xs, float[] g, int gi, int gs, float[] out, int o, int from, int to) {
        int j = vectorRow(xs, g, gs) ? from + S.loopBound(to - from) : from;   // whole vectors up to j, in blocks
        for (int b = from; b < j; b += ERF_BLOCK) {
            erfExponent(op == UnaryOp.ERF, x, xi, out, o, b, Math.min(j, b + ERF_BLOCK));
            erfFinish(op, x, xi, out, o, b, Math.min(j, b + ERF_BLOCK));
        }
        for (; j < to; j++) out[o + j] = g == null ? op.apply(x[xi + j * xs]) : BinaryOp.GELU_BACKWARD.apply(g[gi + j * gs], x[xi + j * xs]);
    }

    /** Floats per block of erfRow's two loops: 8 KiB of out, still in L1 for the second. */
    private static final int ERF_BLOCK = 2048;

    /** The argument u of erf: x itself, or x / sqrt 2 for gelu and its derivative. */
    private static FloatVector erfArgument(boolean erf, FloatVector v) { return erf ? v : v.mul((float) MathFns.INV_SQRT2); }

    /** out[o + j] = -z^2 + P(t), z = |u|, t = 1 / (1 + z/2), for whole vectors j in [from, to). */
    private static void erfExponent(boolean erf, float[] x, int xi, float[] out, int o, int from, int to) {
        for (int j = from; j < to; j += L) {
            FloatVector z = erfArgument(erf, FloatVector.fromArray(S, x, xi + j)).abs();
            FloatVector t = ONE.div(z.fma(0.5f, 1f));
            // Horner's rule in fused multiply-adds: half the instructions of mul + add, and one rounding per step
            FloatVector p = t.fma(0.17087277f, -0.82215223f).fma(t, c(1.48851587f)).fma(t, c(-1.13520398f))
                    .fma(t, c(0.27886807f)).fma(t, c(-0.18628806f)).fma(t, c(0.09678418f)).fma(t, c(0.37409196f))
                    .fma(t, c(1.00002368f)).fma(t, c(-1.26551223f));
            z.neg().fma(z, p).intoArray(out, o + j);
        }
    }

    /** out[o + j] = erf(u), gelu(v) or Phi(v) from the exponent erfExponent left there, for whole vectors j in [from, to). */
    private static void erfFinish(UnaryOp op, float[] x, int xi, float[] out, int o, int from, int to) {
        boolean erf = op == UnaryOp.ERF;
        for (int j = from; j < to; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, xi + j), u = erfArgument(erf, v);
            FloatVector t = ONE.div(u.abs().fma(0.5f, 1f));
            FloatVector e = t.neg().fma(Simd.exp(FloatVector.fromArray(S, out, o + j)), ONE);
            e = e.blend(e.neg(), u.compare(VectorOperators.LT, 0f));
            FloatVector r = switch (op) {
                case GELU -> v.mul(0.5f).fma(e, v.mul(0.5f));
                case GELU_GRAD -> e.fma(0.5f, 0.5f);
                default -> e;
            };
            r.intoArray(out, o + j);
        }
    }

    /** A constant as a vector (C2 hoists the broadcast out of the loop). */
    private static FloatVector c(float x) { return FloatVector.broadcast(S, x); }

    /** gelu's derivative (times g when given) over one row's [from, to): erfRow's first pass, then the second, while the row is in cache. */
    private static void geluGrad(float[] x, int xi, int xs, float[] g, int gi, int gs, float[] out, int o, int from, int to) {
        erfRow(UnaryOp.GELU_GRAD, x, xi, xs, g, gi, gs, out, o, from, to);
        geluGradSecond(x, xi, xs, g, gi, gs, out, o, from, to);
    }

    /** The second pass of gelu's derivative ({@link #erfRow}): out = (Phi + v phi(v)) (times g) over the whole vectors. */
    private static void geluGradSecond(float[] x, int xi, int xs, float[] g, int gi, int gs, float[] out, int o, int from, int to) {
        if (!vectorRow(xs, g, gs)) return;
        for (int j = from, bound = from + S.loopBound(to - from); j < bound; j += L) {
            FloatVector v = FloatVector.fromArray(S, x, xi + j);
            FloatVector r = FloatVector.fromArray(S, out, o + j).add(v.mul(Simd.exp(v.mul(v).mul(-0.5f))).mul((float) MathFns.INV_SQRT_2PI));
            if (g != null) r = r.mul(FloatVector.fromArray(S, g, gi + j));
            r.intoArray(out, o + j);
        }
    }

    /** A vector of x from i + j, or the broadcast c when the operand's stride is 0. Tiny, so always inlined. */
    private static FloatVector ld(float[] x, int i, int stride, int j, FloatVector c) {
        return stride == 0 ? c : FloatVector.fromArray(S, x, i + j);
    }

    /** out[o + j] = op(a[ai + j*as], b[bi + j*bs]) for j in [from, to); vector loops for inner strides 0 and 1. */
    static void binaryRow(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int o, int from, int to) {
        int j = from;
        if (!Simd.SCALAR && (as == 0 || as == 1) && (bs == 0 || bs == 1)) {
            FloatVector ca = as == 0 ? FloatVector.broadcast(S, a[ai]) : null, cb = bs == 0 ? FloatVector.broadcast(S, b[bi]) : null;
            int bound = from + S.loopBound(to - from);
            switch (op) {
                case ADD -> { for (; j < bound; j += L) ld(a, ai, as, j, ca).add(ld(b, bi, bs, j, cb)).intoArray(out, o + j); }
                case SUB -> { for (; j < bound; j += L) ld(a, ai, as, j, ca).sub(ld(b, bi, bs, j, cb)).intoArray(out, o + j); }
                case MUL -> { for (; j < bound; j += L) ld(a, ai, as, j, ca).mul(ld(b, bi, bs, j, cb)).intoArray(out, o + j); }
                case DIV -> { for (; j < bound; j += L) ld(a, ai, as, j, ca).div(ld(b, bi, bs, j, cb)).intoArray(out, o + j); }
                case MAX -> { for (; j < bound; j += L) ld(a, ai, as, j, ca).max(ld(b, bi, bs, j, cb)).intoArray(out, o + j); }
                case MIN -> { for (; j < bound; j += L) ld(a, ai, as, j, ca).min(ld(b, bi, bs, j, cb)).intoArray(out, o + j); }
                case GT -> { for (; j < bound; j += L) ZERO.blend(1f, ld(a, ai, as, j, ca).compare(VectorOperators.GT, ld(b, bi, bs, j, cb))).intoArray(out, o + j); }
                case GE -> { for (; j < bound; j += L) ZERO.blend(1f, ld(a, ai, as, j, ca).compare(VectorOperators.GE, ld(b, bi, bs, j, cb))).intoArray(out, o + j); }
                case LT -> { for (; j < bound; j += L) ZERO.blend(1f, ld(a, ai, as, j, ca).compare(VectorOperators.LT, ld(b, bi, bs, j, cb))).intoArray(out, o + j); }
                case LE -> { for (; j < bound; j += L) ZERO.blend(1f, ld(a, ai, as, j, ca).compare(VectorOperators.LE, ld(b, bi, bs, j, cb))).intoArray(out, o + j); }
                case EQ -> { for (; j < bound; j += L) ZERO.blend(1f, ld(a, ai, as, j, ca).compare(VectorOperators.EQ, ld(b, bi, bs, j, cb))).intoArray(out, o + j); }
                case RELU_BACKWARD -> { for (; j < bound; j += L) ZERO.blend(ld(a, ai, as, j, ca), ld(b, bi, bs, j, cb).compare(VectorOperators.GT, 0f)).intoArray(out, o + j); }
                case POW, NE, GELU_BACKWARD -> { }   // rare, or (gelu's backward) sent to erfRow by binary()
            }
        }
        for (; j < to; j++) out[o + j] = op.apply(a[ai + j * as], b[bi + j * bs]);
    }
}
