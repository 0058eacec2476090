package facet.tensor;

import facet.autograd.check.Gen;
import facet.kernels.BinaryOp;
import facet.kernels.Scope;
import facet.kernels.cpu.Conv2d;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 kernels against the float64 reference backend on edge sizes (1, primes, one off
 * a multiple of 8 and 16, zero where legal) and non-contiguous inputs, including the ops that
 * have no gradient (argmax, argsort, top-k indices). Pass rule: |got - ref| <= atol + rtol |ref|.
 */
class CpuVsReferenceTest {
    static final int[] EDGE = {1, 2, 7, 15, 17, 31, 33};

    /** Compares f on a float32 input with f on the same values in float64, printing the first mismatches. */
    static void same(String what, Tensor x64, UnaryOperator<Tensor> f, double atol, double rtol) {
        double[] ref = f.apply(x64).toDoubleArray(), got = f.apply(x64.to(DType.F32)).toDoubleArray();
        assertTrue(ref.length == got.length, what + ": sizes differ");
        StringBuilder bad = new StringBuilder();
        int mismatches = 0, worstAt = -1;
        double worst = 0;
        for (int i = 0; i < ref.length; i++) {
            double diff = Math.abs(got[i] - ref[i]);
            if (!(diff <= atol + rtol * Math.abs(ref[i]))) {
                if (mismatches++ < 5) bad.append(String.format("%n  [%d] float32 %.8g, float64 %.8g", i, got[i], ref[i]));
                if (!(diff <= worst)) {    // NaN counts as the worst
                    worst = diff;
                    worstAt = i;
                }
            }
        }
        String summary = String.format("%s: %d of %d values mismatch (atol %.1g, rtol %.1g); worst |float32 - float64| %.3g at [%d]",
                what, mismatches, ref.length, atol, rtol, worst, worstAt);
        assertTrue(mismatches == 0, () -> summary + bad);
    }

    static Tensor values(long seed, int... shape) { return new Gen(seed).values(shape, Gen.Values.ANY); }

    @Test
    void matmulOnEdgeSizesAndTransposedOperands() {
        for (int m : EDGE) for (int k : new int[] {1, 16, 17}) for (int n : new int[] {1, 15, 33}) {
            Tensor a = values(m * 100 + k, m, k), b = values(k * 100 + n, n, k).transpose(0, 1);
            same("matmul " + m + "x" + k + "x" + n, a, x -> x.matmul(b.to(x.dtype())), 1e-5, 1e-5);
        }
        same("matmul batch", values(3, 3, 5, 7), x -> x.matmul(values(4, 7, 2).to(x.dtype())), 1e-5, 1e-5);
    }

    @Test
    void convolutionOnEdgeSizes() {
        for (int hw : new int[] {1, 5, 8}) for (int k : new int[] {1, 3}) for (int s : new int[] {1, 2}) {
            if (hw + 2 < k) continue;
            Tensor x = values(hw * 7 + k, 2, 3, hw, hw + 1), w = values(k * 3 + s, 4, 3, k, k);
            ConvParams p = ConvParams.of(s, 1);
            same("conv2d " + hw + " k" + k + " s" + s, x, t -> Convolution.conv2d(t, w.to(t.dtype()), p), 1e-5, 1e-5);
            Tensor y = Convolution.conv2d(x, w, p);
            same("conv2d dX", y, d -> Convolution.conv2dBackwardInput(d, w.to(d.dtype()), x.shape(), p), 1e-5, 1e-5);
            same("conv2d dW", y, d -> Convolution.conv2dBackwardWeight(x.to(d.dtype()), d, w.shape(), p), 1e-4, 1e-5);
        }
    }

    /** Outputs over 256 pixels at stride 2 are computed image by image (smaller ones as one GEMM over the batch). */
    @Test
    void perImageConvolutionPathMatchesTheReference() {
        Tensor x = values(11, 2, 5, 37, 34), w = values(12, 6, 5, 3, 3);
        ConvParams p = ConvParams.of(2, 1);   // output 19 x 17 = 323 pixels
        paths(p.geometry("conv2d", x.shape(), w.shape()), Conv2d.Path.GEMM_PER_IMAGE, Conv2d.Path.GEMM, Conv2d.Path.GEMM);
        same("conv2d per image", x, t -> Convolution.conv2d(t, w.to(t.dtype()), p), 1e-5, 1e-5);
        Tensor y = Convolution.conv2d(x, w, p);
        same("conv2d per image dX", y, d -> Convolution.conv2dBackwardInput(d, w.to(d.dtype()), x.shape(), p), 1e-5, 1e-5);
        same("conv2d per image dW", y, d -> Convolution.conv2dBackwardWeight(x.to(d.dtype()), d, w.shape(), p), 1e-4, 1e-5);
    }

    /**
     * Wide images take the direct (no-packing) stride-1 path, forward and backward-input; check it on
     * every feature. The weight gradient takes it only with a sliver of 8 input channels per thread
     * (on 2 threads: groups * ceil(C / groups / 8) >= 2), so dW is direct in two of the cases.
     */
    @Test
    void directConvolutionPathMatchesTheReference() {
        record Case(int c, int o, int h, int w, int k, int pad, int dil, int groups, Conv2d.Path dW) {}
        Conv2d.Path direct = Conv2d.Path.DIRECT, gemm = Conv2d.Path.GEMM;
        try (Scope threads = facet.kernels.cpu.Parallel.withThreads(2)) {    // the weight-gradient path needs a channel sliver per thread
            for (Case k : new Case[] {new Case(5, 7, 9, 24, 3, 1, 1, 1, gemm), new Case(6, 4, 5, 40, 3, 2, 2, 2, direct),
                    new Case(3, 9, 4, 33, 1, 0, 1, 1, gemm), new Case(2, 3, 6, 21, 5, 2, 1, 1, gemm), new Case(17, 5, 6, 24, 3, 1, 1, 1, direct)}) {
                direct(k.c(), k.o(), k.h(), k.w(), k.k(), k.pad(), k.dil(), k.groups(), k.dW());
            }
        }
    }

    /** 3x3 stride-1 convolutions with at least 64 channels in and out, 8 wide, run as Winograd F(2x2, 3x3), all three passes (WinogradTest covers its edge cases). */
    @Test
    void winogradConvolutionMatchesTheReference() {
        Tensor x = values(40, 2, 64, 3, 17), w = values(41, 80, 64, 3, 3).mul(0.1);   // 17 wide: dW takes Winograd too; C != O tells dX's transposed geometry apart
        ConvParams p = ConvParams.of(1, 1);
        paths(p.geometry("conv2d", x.shape(), w.shape()), Conv2d.Path.WINOGRAD, Conv2d.Path.WINOGRAD, Conv2d.Path.WINOGRAD);
        same("winograd conv2d", x, v -> Convolution.conv2d(v, w.to(v.dtype()), p), 1e-4, 1e-5);
        Tensor y = Convolution.conv2d(x, w, p);
        same("winograd conv2d dX", y, d -> Convolution.conv2dBackwardInput(d, w.to(d.dtype()), x.shape(), p), 1e-3, 1e-5);
        same("winograd conv2d dW", y, d -> Convolution.conv2dBackwardWeight(x.to(d.dtype()), d, w.shape(), p), 1e-3, 1e-5);
    }

    private static void direct(int c, int o, int h, int width, int kernel, int pad, int dil, int groups, Conv2d.Path dW) {
        String k = "c" + c + " o" + o + " " + h + "x" + width + " k" + kernel + " p" + pad + " d" + dil + " g" + groups;
        Tensor x = values(width, 2, c, h, width), w = values(o, o, c / groups, kernel, kernel);
        ConvParams p = ConvParams.of(1, pad).dilation(dil).groups(groups);
        paths(p.geometry("conv2d", x.shape(), w.shape()), Conv2d.Path.DIRECT, Conv2d.Path.DIRECT, dW);
        same("direct conv2d " + k, x, t -> Convolution.conv2d(t, w.to(t.dtype()), p), 1e-5, 1e-5);
        Tensor y = Convolution.conv2d(x, w, p);
        same("direct conv2d dX " + k, y, d -> Convolution.conv2dBackwardInput(d, w.to(d.dtype()), x.shape(), p), 1e-4, 1e-5);
        // dW sums N x OH x OW products per weight (432 at 9 x 24) of inputs in +-2 and outputs of about +-9: where they
        // cancel, float32's error follows the sum of their magnitudes (some 3000; float32's eps of it is 1.8e-4), not the
        // result's. 1e-4 held with the sum cut in two slabs and missed by 1.1e-5 as one chain (plan avx512-deep)
        same("direct conv2d dW " + k, y, d -> Convolution.conv2dBackwardWeight(x.to(d.dtype()), d, w.shape(), p), 3e-4, 1e-5);
    }

    /** The paths the CPU kernel takes for g's forward, input gradient and weight gradient, asserted before their values are compared. */
    private static void paths(facet.kernels.ConvGeometry g, Conv2d.Path forward, Conv2d.Path dX, Conv2d.Path dW) {
        assertEquals(List.of(forward, dX, dW), List.of(Conv2d.forwardPath(g), Conv2d.backwardInputPath(g), Conv2d.backwardWeightPath(g)),
                "paths of forward, dX and dW for " + g);
    }

    @Test
    void argReductionsPickTheFirstOfTies() {
        Tensor x = Tensor.of(new double[] {1, 3, 3, 0, 2, 2, 2, -1}, 2, 4);
        assertArrayEquals(new int[] {1, 0}, x.argmax(1, false).toIntArray());
        assertArrayEquals(new int[] {1, 0}, x.to(DType.F32).argmax(1, false).toIntArray());
        assertArrayEquals(new int[] {3, 3}, x.to(DType.F32).argmin(1, false).toIntArray());
        assertArrayEquals(new int[] {1, 0, 0, 0}, x.to(DType.F32).argmax(0, false).toIntArray());
        assertArrayEquals(new int[] {2, 1}, x.to(DType.F32).argmax(-1, true).shape());
    }

    @Test
    void argsortIsStableInBothDirections() {
        Tensor x = Tensor.of(new float[] {2, 1, 2, 0, 1, 2}, 6);
        assertArrayEquals(new int[] {3, 1, 4, 0, 2, 5}, Index.argsort(x, 0, false).toIntArray());
        assertArrayEquals(new int[] {0, 2, 5, 1, 4, 3}, Index.argsort(x, 0, true).toIntArray());
        assertArrayEquals(new int[] {0, 2, 5, 1, 4, 3}, Index.argsort(x.to(DType.F64), 0, true).toIntArray());
    }

    @Test
    void argsortAndTopkAgreeWithTheReferenceOnRandomRows() {
        for (int n : EDGE) {
            Tensor x = values(n, 3, n, 4);
            for (int axis = 0; axis < 3; axis++) {
                int a = axis;
                assertArrayEquals(Index.argsort(x, a, true).toIntArray(), Index.argsort(x.to(DType.F32), a, true).toIntArray(),
                        "argsort axis " + a + " size " + n);
                Tensor[] ref = Index.topk(x, 1, a, false), got = Index.topk(x.to(DType.F32), 1, a, false);
                assertArrayEquals(ref[1].toIntArray(), got[1].toIntArray());
            }
        }
    }

    @Test
    void elementwiseAndReductionsOverNonContiguousViews() {
        Tensor x = values(11, 5, 17, 3).permute(2, 0, 1).slice(2, 1, 17, 2);
        same("exp", x, Tensor::exp, 1e-6, 1e-6);
        same("gelu", x, Tensor::gelu, 1e-6, 1e-6);
        same("sum 0,2", x, t -> t.sum(true, 0, 2), 1e-5, 1e-6);
        same("max 1", x, t -> t.max(false, 1), 0, 1e-7);
        same("softmax", x, t -> t.softmax(1), 1e-6, 1e-5);
        same("where", x, t -> Tensor.where(t.gt(0), t, t.mul(0.5)), 1e-6, 1e-6);
    }

    /** Every binary op on the vector path (contiguous, and a broadcast row), and on the scalar path (a transposed operand). */
    @Test
    void everyBinaryOpAgreesOnEveryLayout() {
        Tensor a = values(21, 6, 37), b = values(22, 6, 37), row = values(23, 1, 37), bt = values(24, 37, 6).transpose(0, 1);
        for (BinaryOp op : BinaryOp.values()) {
            UnaryOperator<Tensor> base = op == BinaryOp.POW ? t -> t.abs().add(0.5) : t -> t;
            for (Tensor other : new Tensor[] {b, row, bt}) {
                same(op + " with " + Arrays.toString(other.shape()) + (other == bt ? " transposed" : ""), a,
                        t -> base.apply(t).binary(op, other.to(t.dtype())), 1e-6, 1e-6);
            }
        }
    }

    @Test
    void gatherAndScatterAgree() {
        Tensor x = values(5, 4, 6);
        Tensor idx = Tensor.ofInts(new int[] {5, 0, 0, 3, 1, 1, 2, 4}, 4, 2);
        same("gather", x, t -> Index.gather(t, 1, idx), 0, 1e-7);
        same("scatter_add", values(6, 4, 2), t -> Index.scatterAdd(new int[] {4, 6}, 1, idx, t), 1e-6, 1e-6);
        same("index_select", x, t -> Index.indexSelect(t, 0, Tensor.ofInts(new int[] {3, 3, 0}, 3)), 0, 1e-7);
    }
}
