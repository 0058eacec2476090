package facet.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Forward values computed by hand (or from published tables), on both the float32 and the
 * float64 backend: the gradient checks prove rules consistent with forwards, these prove the
 * forwards themselves.
 */
class OpsByHandTest {
    static final DType[] BOTH = {DType.F32, DType.F64};

    static Tensor t(DType dt, double[] v, int... shape) { return Tensor.of(v, shape).to(dt); }

    static void close(double[] want, Tensor got, double tol) { assertArrayEquals(want, got.toDoubleArray(), tol, got::toString); }

    static double tol(DType dt) { return dt == DType.F32 ? 1e-6 : 1e-14; }

    @Test
    void specialFunctions() {
        for (DType dt : BOTH) {
            Tensor x = t(dt, new double[] {-1, 0, 0.5, 1, 3}, 5);
            close(new double[] {-0.15865525393145707, 0, 0.34573123063700656, 0.8413447460685429, 2.99595030590511}, x.gelu(), tol(dt));
            close(new double[] {-0.8427007929497149, 0, 0.5204998778130465, 0.8427007929497149, 0.9999779095030014}, x.erf(), tol(dt));
            close(new double[] {0.2689414213699951, 0.5, 0.6224593312018546, 0.7310585786300049, 0.9525741268224334}, x.sigmoid(), tol(dt));
            close(new double[] {0.31326168751822286, 0.6931471805599453, 0.9740769841801067, 1.3132616875182228, 3.048587351573742}, x.softplus(), tol(dt));
        }
    }

    @Test
    void softmaxAndLogSoftmax() {
        for (DType dt : BOTH) {
            Tensor x = t(dt, new double[] {1, 2, 3, 1000, 1000, 1000}, 2, 3);
            close(new double[] {0.09003057317038046, 0.24472847105479764, 0.6652409557748219, 1 / 3.0, 1 / 3.0, 1 / 3.0}, x.softmax(1), tol(dt));
            close(new double[] {-2.4076059644443806, -1.4076059644443806, -0.40760596444438056,
                    -1.0986122886681098, -1.0986122886681098, -1.0986122886681098}, x.logSoftmax(-1), tol(dt) * 10);
        }
    }

    @Test
    void broadcastingFollowsNumPy() {
        Tensor a = Tensor.of(new float[] {1, 2, 3}, 3, 1), b = Tensor.of(new float[] {10, 20}, 2);
        Tensor c = a.add(b);
        assertArrayEquals(new int[] {3, 2}, c.shape());
        close(new double[] {11, 21, 12, 22, 13, 23}, c, 0);
        assertArrayEquals(new int[] {2, 3, 2}, Tensor.zeros(2, 1, 1).mul(c).shape());
    }

    @Test
    void reductionsOverAxisSets() {
        for (DType dt : BOTH) {
            Tensor x = Tensor.arange(24, DType.F64).reshape(2, 3, 4).to(dt);
            close(new double[] {12 + 16 + 20, 13 + 17 + 21, 14 + 18 + 22, 15 + 19 + 23}, x.sum(false, 0, 1).sub(x.sum(false, 1).narrow(0, 0, 1).squeeze(0)), 1e-4);
            close(new double[] {11, 23}, x.max(false, 1, 2), 0);
            close(new double[] {5.5, 17.5}, x.mean(false, -1, -2), 1e-5);
            assertEquals(276.0, x.sum().item(), 1e-3);
            // var of 0..3 = 1.25 (population), 5/3 (sample)
            close(new double[] {1.25}, Tensor.arange(4, dt).var(false, 0).reshape(1), 1e-6);
            close(new double[] {5 / 3.0}, Tensor.arange(4, dt).var(false, 1).reshape(1), 1e-6);
        }
    }

    @Test
    void matmulWithBatchBroadcastingAndVectors() {
        for (DType dt : BOTH) {
            Tensor a = t(dt, new double[] {1, 2, 3, 4, 5, 6}, 2, 3), b = t(dt, new double[] {1, 0, 0, 1, 1, 1}, 3, 2);
            close(new double[] {4, 5, 10, 11}, a.matmul(b), 0);
            Tensor batched = a.unsqueeze(0).expand(4, 2, 3).matmul(b);
            assertArrayEquals(new int[] {4, 2, 2}, batched.shape());
            close(new double[] {4, 5}, a.matmul(b).narrow(0, 0, 1).squeeze(0), 0);
            close(new double[] {14, 32}, a.matmul(t(dt, new double[] {1, 2, 3}, 3)), 0);
            close(new double[] {9, 12, 15}, t(dt, new double[] {1, 2}, 2).matmul(a), 0);
            close(new double[] {4, 10}, a.matmul(b.transpose(0, 1).contiguous().transpose(0, 1)).narrow(1, 0, 1).squeeze(1), 0);
        }
    }

    @Test
    void conv2dOnATinyImage() {
        for (DType dt : BOTH) {
            // 1x1x3x3 image 1..9, 2x2 kernel [[1, 0], [0, -1]]: out[i][j] = x[i][j] - x[i+1][j+1] = -4 everywhere
            Tensor x = Tensor.arange(9, DType.F64).add(1).reshape(1, 1, 3, 3).to(dt);
            Tensor w = t(dt, new double[] {1, 0, 0, -1}, 1, 1, 2, 2);
            close(new double[] {-4, -4, -4, -4}, Convolution.conv2d(x, w, ConvParams.of(1, 0)), 0);
            // padding 1, stride 2: taps at (-1,-1),(-1,1),(1,-1),(1,1) -> -x[0][0], -x[0][2], -x[2][0]... computed by hand
            close(new double[] {-1, -3, -7, 5 - 9 + 0 * 0}, Convolution.conv2d(x, w, ConvParams.of(2, 1)), 0);
            // groups=2: each output channel sees only its own input channel
            Tensor x2 = Tensor.ones(1, 2, 2, 2).to(dt), w2 = t(dt, new double[] {1, 2}, 2, 1, 1, 1);
            close(new double[] {1, 1, 1, 1, 2, 2, 2, 2}, Convolution.conv2d(x2, w2, ConvParams.of(1, 0).groups(2)), 0);
        }
    }

    @Test
    void poolingByHand() {
        for (DType dt : BOTH) {
            Tensor x = t(dt, new double[] {1, 5, 2, 0, 3, 4, 9, 8, 6, 7, 1, 1, 0, 2, 3, 4}, 1, 1, 4, 4);
            MaxPoolResult mp = Pool2d.maxPool2d(x, PoolParams.of(2, 2, 0));
            close(new double[] {5, 9, 7, 4}, mp.values(), 0);
            assertArrayEquals(new int[] {1, 6, 9, 15}, mp.idx().toIntArray());
            close(new double[] {13 / 4.0, 19 / 4.0, 15 / 4.0, 9 / 4.0}, Pool2d.avgPool2d(x, PoolParams.of(2, 2, 0), true), 1e-6);
            // padding 1, window 2, stride 2: corner windows hold one real cell
            close(new double[] {1 / 4.0, 7 / 4.0, 0}, Pool2d.avgPool2d(x, PoolParams.of(2, 2, 1), true).narrow(2, 0, 1).flatten(), 1e-6);
            close(new double[] {1, 3.5, 0}, Pool2d.avgPool2d(x, PoolParams.of(2, 2, 1), false).narrow(2, 0, 1).flatten(), 1e-6);
            close(new double[] {4, 3}, Pool2d.globalAvgPool(x.reshape(1, 2, 2, 4)).flatten(), 1e-6);
        }
    }
}
