package facet.tensor;

import facet.autograd.check.Gen;
import org.junit.jupiter.api.Test;

import static facet.tensor.FusedEqualsComposedTest.CPU;
import static facet.tensor.FusedEqualsComposedTest.COMPOSED;
import static facet.tensor.FusedEqualsComposedTest.close;
import static facet.tensor.FusedEqualsComposedTest.values;

/**
 * The fused masked-MSE and GAP kernels against their compositions (float32) and a naive float64
 * reference written here, on edge shapes: size 1, primes, one off the vector width, the ESGM
 * shapes, strided views, an all-zero mask and fractional mask weights.
 */
class MaskedMseAndGapTest {
    static final int W = facet.kernels.cpu.Simd.FLOATS.length();

    @Test
    void maskedMseForwardAndBackward() {
        int[][] shapes = {{1, 1, 2}, {2, 7, 13}, {3, 5, W - 1}, {2, 3, W + 1}, {4, 64, 192}, {1, 16, 48}};
        int seed = 0;
        for (int[] s : shapes) {
            for (String maskKind : new String[] {"binary", "zeros", "weights", "strided"}) {
                for (boolean norm : new boolean[] {false, true}) {
                    seed++;
                    Tensor pred = values(seed, Gen.Values.ANY, s), target = values(seed + 1000, Gen.Values.ANY, s);
                    Tensor mask = switch (maskKind) {
                        case "zeros" -> Tensor.zeros(s[0], s[1]);
                        case "weights" -> values(seed + 2000, Gen.Values.PROBABILITY, s[0], s[1]);
                        default -> values(seed + 2000, Gen.Values.MASK, s[0], s[1]);
                    };
                    if (maskKind.equals("strided")) {      // pred as a transposed view of an (L, N, B) tensor
                        pred = values(seed, Gen.Values.ANY, s[2], s[1], s[0]).permute(2, 1, 0);
                    }
                    Tensor dOut = Tensor.scalar(0.7);
                    String what = java.util.Arrays.toString(s) + " mask " + maskKind + " norm " + norm;
                    Tensor fused = CPU.maskedMse(pred, target, mask, norm), composed = COMPOSED.maskedMse(pred, target, mask, norm);
                    double[] ref = reference(pred, target, mask, norm, 0.7);
                    close("masked_mse vs composed " + what, composed, fused, 1e-6, 1e-5);
                    close("masked_mse vs float64 " + what, Tensor.of(new double[] {ref[0]}), fused, 1e-6, 1e-5);
                    Tensor dFused = CPU.maskedMseBackward(pred, target, mask, norm, dOut);
                    close("masked_mse backward vs composed " + what, COMPOSED.maskedMseBackward(pred, target, mask, norm, dOut), dFused, 1e-6, 1e-5);
                    close("masked_mse backward vs float64 " + what,
                            Tensor.of(java.util.Arrays.copyOfRange(ref, 1, ref.length), s), dFused, 1e-6, 1e-5);
                }
            }
        }
    }

    /** {loss, dPred...} in float64 by the definition. */
    static double[] reference(Tensor pred, Tensor target, Tensor mask, boolean norm, double dOut) {
        int b = pred.size(0), n = pred.size(1), l = pred.size(2);
        double[] p = pred.contiguous().toDoubleArray(), t = target.contiguous().toDoubleArray(), m = mask.contiguous().toDoubleArray();
        double[] out = new double[1 + p.length];
        double count = 0, loss = 0;
        for (double v : m) count += v;
        double denom = Math.max(count, 1);
        for (int r = 0; r < b * n; r++) {
            double mean = 0, var = 0;
            for (int j = 0; j < l; j++) mean += t[r * l + j] / l;
            for (int j = 0; j < l; j++) var += (t[r * l + j] - mean) * (t[r * l + j] - mean) / (l - 1);
            for (int j = 0; j < l; j++) {
                double tt = norm ? (t[r * l + j] - mean) / Math.sqrt(var + 1e-6) : t[r * l + j], d = p[r * l + j] - tt;
                loss += m[r] * d * d / l / denom;
                out[1 + r * l + j] = 2 * d * m[r] * dOut / (l * denom);
            }
        }
        out[0] = loss;
        return out;
    }

    @Test
    void globalAvgPoolOverEveryAxis() {
        int[][] shapes = {{1}, {1, 1, 1}, {3, 7, 5}, {2, 64, 192}, {2, W - 1, W + 1}, {4, 3, 13, 13}};
        int seed = 0;
        for (int[] s : shapes) {
            for (int axis = 0; axis < s.length; axis++) {
                for (boolean strided : new boolean[] {false, true}) {
                    Tensor x = values(++seed, Gen.Values.ANY, s);
                    if (strided && s.length > 1) x = values(seed, Gen.Values.ANY, reversed(s)).permute(perm(s.length));
                    String what = java.util.Arrays.toString(s) + " axis " + axis + (strided ? " strided" : "");
                    Tensor fused = CPU.globalAvgPool(x, axis);
                    close("gap vs composed " + what, COMPOSED.globalAvgPool(x, axis), fused, 1e-6, 1e-5);
                    close("gap vs float64 " + what, x.to(DType.F64).mean(false, axis), fused, 1e-6, 1e-5);
                }
            }
        }
    }

    static int[] reversed(int[] s) {
        int[] r = new int[s.length];
        for (int i = 0; i < s.length; i++) r[i] = s[s.length - 1 - i];
        return r;
    }

    static int[] perm(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = n - 1 - i;
        return p;
    }
}
