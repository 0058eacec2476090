package facet.cuda;

import facet.kernels.BinaryOp;
import facet.kernels.ReduceOp;
import facet.kernels.UnaryOp;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Index;
import facet.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Elementwise ops, copies and reductions: CUDA against the CPU backend on strided, broadcast
 * and edge-sized inputs. Unary and binary ops evaluate the same formula (transcendentals in
 * double, rounded once), so the tolerance is 1 float ulp (atol 1e-7 + rtol 2e-7); the special
 * values (NaN, +-0, +-inf) must agree bit for bit. Sums accumulate in double on both sides, in
 * different orders: rtol 1e-6.
 */
class CudaElementwiseTest {
    Device gpu;

    @BeforeEach
    void gpu() { gpu = Gpu.require(); }

    static final float[] SPECIAL = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f, 1e-30f, 3.5f, -2.25f};

    @Test
    void everyUnaryOpOnATransposedSlicedView() {
        Tensor x = Gpu.randn(1, 5, 17, 3).mul(3);
        for (UnaryOp op : UnaryOp.values()) {
            boolean positive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.RSQRT;
            Gpu.same(op.name(), t -> (positive ? t[0].abs().add(0.1) : t[0]).permute(2, 0, 1).slice(2, 1, 17, 2).unary(op), 1e-7, 2e-7, x);
            Tensor s = Tensor.of(SPECIAL, SPECIAL.length);
            Gpu.identical(op.name() + " on special values", s.to(gpu).unary(op), s.unary(op));
        }
    }

    @Test
    void everyBinaryOpWithBroadcastingAndJavasSpecialValueRules() {
        Tensor a = Gpu.randn(2, 4, 1, 7), b = Gpu.randn(3, 3, 7).mul(2);
        for (BinaryOp op : BinaryOp.values()) {
            Function<Tensor[], Tensor> f = op == BinaryOp.POW ? t -> t[0].abs().add(0.5).binary(op, t[1]) : t -> t[0].binary(op, t[1]);
            Gpu.same(op.name(), f, 1e-7, 2e-7, a, b);
            Gpu.same(op.name() + " on a transposed operand", t -> t[0].transpose(0, 2).binary(op, t[1]), 1e-7, 2e-7,
                    Gpu.randn(3, 2, 5, 1, 3).abs().add(0.5), Gpu.randn(4, 5, 1, 3));
            Tensor sa = Tensor.of(SPECIAL, SPECIAL.length, 1), sb = Tensor.of(SPECIAL, 1, SPECIAL.length);
            Gpu.identical(op.name() + " on all pairs of special values", sa.to(gpu).binary(op, sb.to(gpu)), sa.binary(op, sb));
        }
    }

    @Test
    void whereCastsAndCopiesIntoViews() {
        Tensor c = Gpu.randn(3, 1, 6).gt(0), a = Gpu.randn(4, 5, 6), b = Gpu.randn(5, 1);
        Gpu.same("where", t -> Tensor.where(t[0], t[1], t[2]), 0, 0, c, a, b);
        Tensor odd = Tensor.of(new float[] {1.7f, -1.7f, Float.NaN, 3e9f, -3e9f, Float.POSITIVE_INFINITY, -0.5f}, 7);
        assertArrayEquals(odd.toIntArray(), odd.to(gpu).to(DType.I32).toIntArray(), "float -> int follows Java's cast");
        assertArrayEquals(new int[] {1, -1, 0, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE, 0},
                odd.to(gpu).toIntArray());
        Tensor ints = Tensor.ofInts(new int[] {7, -3, 16777217, 0}, 2, 2);
        Gpu.identical("int -> float", ints.to(gpu).to(DType.F32), ints.to(DType.F32));
        double[] wide = {Math.PI, -1e300, 1e-300, 0.1};
        assertArrayEquals(wide, Tensor.of(wide, 4).to(gpu).toDoubleArray(), "float64 storage round-trips exactly");
        assertEquals(Math.PI, Tensor.of(wide, 4).to(gpu).get(0), 0);
        assertEquals((float) Math.PI, Tensor.of(wide, 4).to(gpu).to(DType.F32).get(0), 0);
        // assign through a strided view, and cat (narrow + assign)
        Gpu.same("assign into a slice", t -> {
            Tensor dst = Tensor.zerosLike(t[0]);
            dst.slice(1, 1, 6, 2).assign(t[1]);
            return dst;
        }, 0, 0, Gpu.randn(3, 3, 6, 2), Gpu.randn(4, 3, 1, 2));
        Gpu.same("cat", t -> Index.cat(1, t[0], t[1].transpose(0, 1)), 0, 0, Gpu.randn(5, 2, 3), Gpu.randn(6, 4, 2));
        Gpu.same("scalar ops", t -> t[0].mul(0.5).add(1.25).div(3).sub(-2), 0, 0, Gpu.randn(7, 31));
    }

    @Test
    void reductionsOverAxisSetsOfStridedViews() {
        Tensor x = Gpu.randn(1, 11, 6, 33, 5);
        int[][] axesSets = {{0}, {1}, {3}, {0, 2}, {1, 3}, {0, 1, 2, 3}, {}};
        for (ReduceOp op : ReduceOp.values()) {
            for (int[] axes : axesSets) {
                Gpu.same(op + " " + java.util.Arrays.toString(axes), t -> t[0].permute(2, 0, 3, 1).reduce(op, true, axes), 1e-6, 1e-6, x);
            }
        }
        for (int n : new int[] {1, 7, 64, 65, 4099, 300_001}) {   // one-block rows, split rows and the thread-per-row path
            Tensor big = Gpu.randn(n, n, 1);
            Gpu.same("sum of " + n, t -> t[0].sum(), 1e-5, 1e-6, big);
            Gpu.same("max of " + n, t -> t[0].max(false), 0, 0, big);
            Gpu.same("sum over rows of " + n, t -> t[0].reshape(1, n).expand(3, n).sum(false, 0), 1e-6, 1e-6, big);
        }
        Tensor nan = Tensor.of(new float[] {1, Float.NaN, 3, -1, 2, 0}, 2, 3);
        Gpu.identical("max propagates NaN", nan.to(gpu).max(false, 1), nan.max(false, 1));
        Gpu.same("mean and var", t -> t[0].var(false, 1, 0, 2).add(t[0].mean(false, 0, 2)), 1e-6, 1e-5, Gpu.randn(12, 40, 3, 50));
        Tensor empty = Tensor.zeros(DType.F32, 3, 0);
        Gpu.same("sum over an empty axis", t -> t[0].sum(false, 1), 0, 0, empty);
    }

    @Test
    void argReductionsPickTheFirstOfTiesAndTheFirstNaN() {
        Tensor x = Tensor.of(new float[] {1, 3, 3, 0, 2, 2, 2, -1, 5, Float.NaN, 7, Float.NaN}, 3, 4);
        for (int axis = 0; axis < 2; axis++) {
            assertArrayEquals(x.argmax(axis, false).toIntArray(), x.to(gpu).argmax(axis, false).toIntArray(), "argmax " + axis);
            assertArrayEquals(x.argmin(axis, false).toIntArray(), x.to(gpu).argmin(axis, false).toIntArray(), "argmin " + axis);
        }
        Tensor r = Gpu.randn(4, 4, 70, 3).mul(4).add(0.5).relu();          // many ties at 0
        for (int axis = 0; axis < 3; axis++) {
            assertArrayEquals(r.argmin(axis, false).toIntArray(), r.to(gpu).argmin(axis, false).toIntArray(), "ties, axis " + axis);
        }
    }
}
