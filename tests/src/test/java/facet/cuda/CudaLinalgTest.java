package facet.cuda;

import facet.kernels.Scope;
import facet.kernels.cuda.Gemm;
import facet.tensor.Backends;
import facet.tensor.ConvParams;
import facet.tensor.Convolution;
import facet.tensor.Device;
import facet.tensor.PoolParams;
import facet.tensor.Pool2d;
import facet.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;


/**
 * Matmul, convolution (forward and both backwards) and pooling: CUDA against the CPU backend on
 * sizes 1, primes and one off the 64-wide tile, transposed and broadcast operands. FP32 products
 * accumulate in a different order from the CPU's: atol 1e-5 * sqrt(k) + rtol 1e-5 over unit-normal
 * inputs. The TF32 path rounds operands to 10 mantissa bits: atol 5e-3 * sqrt(k) + rtol 5e-3.
 * Average pooling and its backward add in the CPU's order: 1 ulp.
 */
class CudaLinalgTest {
    Device gpu;

    @BeforeEach
    void gpu() { gpu = Gpu.require(); }

    static final int[] EDGE = {1, 7, 63, 64, 65, 130};

    @Test
    void matmulOnEdgeSizesWithTransposedOperands() {
        for (int m : EDGE) for (int k : new int[] {1, 17, 64, 129}) for (int n : EDGE) {
            double atol = 1e-5 * Math.sqrt(k);
            Tensor a = Gpu.randn(m * 1000 + k, m, k), bt = Gpu.randn(k * 1000 + n, n, k);
            Gpu.same("matmul " + m + "x" + k + "x" + n, t -> t[0].matmul(t[1].transpose(0, 1)), atol, 1e-5, a, bt);
            if (m == n) Gpu.same("a^T b " + m + "x" + k, t -> t[0].transpose(0, 1).matmul(t[1].transpose(0, 1)), atol, 1e-5, a.transpose(0, 1).contiguous(), bt);
        }
    }

    @Test
    void batchedMatmulBroadcastsBatchDimsAndVectors() {
        Gpu.same("batch broadcast", t -> t[0].matmul(t[1]), 1e-4, 1e-5, Gpu.randn(1, 3, 1, 33, 65), Gpu.randn(2, 4, 65, 17));
        Gpu.same("head-split view", t -> t[0].reshape(2, 65, 3, 64).permute(0, 2, 1, 3).matmul(t[1].transpose(-1, -2)), 1e-4, 1e-5,
                Gpu.randn(3, 2, 65, 192), Gpu.randn(4, 2, 3, 70, 64));
        Gpu.same("vector x matrix", t -> t[0].matmul(t[1]), 1e-4, 1e-5, Gpu.randn(5, 31), Gpu.randn(6, 31, 9));
        Gpu.same("matrix x vector", t -> t[0].matmul(t[1]), 1e-4, 1e-5, Gpu.randn(7, 2, 9, 31), Gpu.randn(8, 31));
        Gpu.same("k = 0 gives zeros", t -> t[0].matmul(t[1]), 0, 0, Tensor.zeros(3, 0), Tensor.zeros(0, 4));
    }

    @Test
    void tf32TensorCoresAgreeWithinTheirPrecision() {
        org.junit.jupiter.api.Assumptions.assumeFalse(Backends.describeCuda().contains("emulator"), "the CUDA emulator has no tensor cores");
        try (Scope tf32 = Backends.withCudaMatmulPrecision(Gemm.Precision.TF32)) {
            for (int s : new int[] {1, 63, 65, 257}) {
                Gpu.same("tf32 matmul " + s, t -> t[0].matmul(t[1]), 5e-3 * Math.sqrt(s), 5e-3, Gpu.randn(s, s, s + 3), Gpu.randn(s + 1, 2, s + 3, s));
            }
            Tensor x = Gpu.randn(9, 2, 8, 15, 15), w = Gpu.randn(10, 16, 8, 3, 3);
            Gpu.same("tf32 conv2d", t -> Convolution.conv2d(t[0], t[1], ConvParams.of(1, 1)), 5e-3 * Math.sqrt(72), 5e-3, x, w);
        }
    }

    /** {N, C, H, W, O, k, stride, pad, dilation, groups}. */
    static final int[][] CONVS = {
            {2, 3, 8, 9, 4, 3, 1, 1, 1, 1},
            {1, 1, 1, 1, 1, 1, 1, 0, 1, 1},
            {2, 4, 7, 7, 6, 3, 2, 1, 1, 2},
            {3, 8, 13, 11, 8, 3, 1, 2, 2, 8},       // depthwise, dilated
            {2, 16, 17, 17, 65, 1, 1, 0, 1, 1},     // 1x1, one more output channel than a tile
            {1, 3, 32, 32, 16, 7, 2, 3, 1, 1},      // a ResNet stem
            {8, 64, 16, 16, 64, 3, 1, 1, 1, 1},     // dW splits its reduction over blocks
    };

    @Test
    void convolutionForwardAndBothBackwards() {
        for (int[] c : CONVS) {
            String name = "conv " + java.util.Arrays.toString(c);
            ConvParams p = new ConvParams(c[6], c[6], c[7], c[7], c[8], c[8], c[9]);
            Tensor x = Gpu.randn(c[0] + c[1], c[0], c[1], c[2], c[3]), w = Gpu.randn(c[4] + c[5], c[4], c[1] / c[9], c[5], c[5]);
            double atol = 1e-5 * Math.sqrt((double) c[1] / c[9] * c[5] * c[5]);
            Gpu.same(name, t -> Convolution.conv2d(t[0], t[1], p), atol, 1e-5, x, w);
            Tensor y = Convolution.conv2d(x, w, p), dy = Gpu.randn(3, y.shape());
            Gpu.same(name + " dX", t -> Convolution.conv2dBackwardInput(t[0], t[1], x.shape(), p), atol * 3, 1e-5, dy, w);
            double dwTol = 1e-5 * Math.sqrt((double) c[0] * y.size(2) * y.size(3));
            Gpu.same(name + " dW", t -> Convolution.conv2dBackwardWeight(t[0], t[1], w.shape(), p), dwTol, 1e-5, x, dy);
        }
        Gpu.same("conv of a channel-sliced view", t -> Convolution.conv2d(t[0].narrow(1, 1, 3), t[1], ConvParams.of(1, 1)), 1e-4, 1e-5,
                Gpu.randn(11, 2, 5, 9, 9), Gpu.randn(12, 4, 3, 3, 3));
    }

    @Test
    void poolingWithTiesPaddingAndBothDivisors() {
        Tensor x = Gpu.randn(13, 2, 3, 9, 8).relu();          // many tied zeros
        for (PoolParams p : new PoolParams[] {PoolParams.of(2, 2, 0), PoolParams.of(3, 2, 1), PoolParams.of(3, 1, 1), PoolParams.of(1, 1, 0)}) {
            Gpu.same("max pool " + p, t -> Pool2d.maxPool2d(t[0], p).values(), 0, 0, x);
            Gpu.same("max pool indices " + p, t -> Pool2d.maxPool2d(t[0], p).idx().to(facet.tensor.DType.F32), 0, 0, x);
            Gpu.same("max pool backward " + p, t -> Pool2d.maxPool2dBackward(t[1], Pool2d.maxPool2d(t[0], p).idx(), x.shape()),
                    1e-6, 1e-6, x, Gpu.randn(14, Pool2d.maxPool2d(x, p).values().shape()));
            for (boolean countPad : new boolean[] {true, false}) {
                Gpu.same("avg pool " + p + " " + countPad, t -> Pool2d.avgPool2d(t[0], p, countPad), 1e-7, 2e-7, x);
                Tensor dy = Gpu.randn(15, Pool2d.avgPool2d(x, p, countPad).shape());
                Gpu.same("avg pool backward " + p + " " + countPad, t -> Pool2d.avgPool2dBackward(t[0], x.shape(), p, countPad), 0, 0, dy);
            }
        }
        Gpu.same("global average pool", t -> Pool2d.globalAvgPool(t[0]), 1e-6, 1e-6, Gpu.randn(16, 4, 65, 7, 7));
    }
}
