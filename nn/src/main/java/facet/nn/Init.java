package facet.nn;

import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;

/**
 * Initial values for parameters, float32, drawn from a {@link Generator} so a seed fixes them on
 * every device. Fans follow PyTorch: for a weight (O, I, k...) fan_in = I * prod(k) and
 * fan_out = O * prod(k); a linear weight (O, I) has no kernel dims.
 */
public final class Init {
    private Init() {}

    /** Gain of ReLU for Kaiming init: keeps the activations' second moment through a ReLU layer. */
    public static final double RELU_GAIN = Math.sqrt(2.0);

    public enum FanMode { FAN_IN, FAN_OUT }

    public static Tensor zeros(int... shape) { return Tensor.zeros(shape); }

    public static Tensor ones(int... shape) { return Tensor.ones(shape); }

    /** U(lo, hi). */
    public static Tensor uniform(Generator g, double lo, double hi, int... shape) {
        return Tensor.rand(g, DType.F32, shape).mul(hi - lo).add(lo);
    }

    /** N(mean, std^2). */
    public static Tensor normal(Generator g, double mean, double std, int... shape) {
        return Tensor.randn(g, DType.F32, shape).mul(std).add(mean);
    }

    /**
     * N(mean, std^2) restricted to [a, b], by redrawing the values that fall outside. The bounds
     * are absolute values, not multiples of std, as in timm's {@code trunc_normal_}: with its
     * defaults a = -2, b = 2 and std = 0.02 the truncation almost never bites.
     */
    public static Tensor truncNormal(Generator g, double mean, double std, double a, double b, int... shape) {
        if (!(a < b) || !(a <= mean + 4 * std && mean - 4 * std <= b)) {
            throw new IllegalArgumentException("trunc_normal: bounds [" + a + ", " + b + "] must be ordered and within 4 std of the mean "
                    + mean + " (std " + std + "), or redrawing would rarely land inside them");
        }
        Tensor t = normal(g, mean, std, shape);
        for (Tensor outside = outside(t, a, b); outside.sum().item() > 0; outside = outside(t, a, b)) {
            t = Tensor.where(outside, normal(g, mean, std, shape), t);
        }
        return t;
    }

    private static Tensor outside(Tensor t, double a, double b) { return t.lt(a).add(t.gt(b)); }

    /** Glorot and Bengio (2010): U(-r, r) with r = sqrt(6 / (fan_in + fan_out)), keeping forward and backward variance. */
    public static Tensor xavierUniform(Generator g, int... shape) {
        double r = Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
        return uniform(g, -r, r, shape);
    }

    /** He et al. (2015): N(0, (gain / sqrt(fan))^2). */
    public static Tensor kaimingNormal(Generator g, FanMode mode, double gain, int... shape) {
        double std = gain / Math.sqrt(mode == FanMode.FAN_IN ? fanIn(shape) : fanOut(shape));
        return normal(g, 0, std, shape);
    }

    /** U(-r, r) with r = gain * sqrt(3 / fan_in): a uniform of the same variance as Kaiming normal. */
    public static Tensor kaimingUniform(Generator g, double gain, int... shape) {
        double r = gain * Math.sqrt(3.0 / fanIn(shape));
        return uniform(g, -r, r, shape);
    }

    /**
     * PyTorch's default for Linear and Conv2d weights: kaiming_uniform with a = sqrt(5), i.e.
     * gain sqrt(2 / (1 + 5)) = 1/sqrt(3), which makes it U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
     */
    public static Tensor torchDefaultWeight(Generator g, int... shape) {
        return kaimingUniform(g, 1 / Math.sqrt(3.0), shape);
    }

    /** PyTorch's default bias for Linear and Conv2d: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with the weight's fan_in. */
    public static Tensor torchDefaultBias(Generator g, int fanIn, int size) {
        double r = 1 / Math.sqrt(fanIn);
        return uniform(g, -r, r, size);
    }

    public static int fanIn(int... shape) { return receptiveField("fan_in", shape) * shape[1]; }

    public static int fanOut(int... shape) { return receptiveField("fan_out", shape) * shape[0]; }

    private static int receptiveField(String what, int[] shape) {
        if (shape.length < 2) {
            throw new IllegalArgumentException(what + ": needs a weight of rank >= 2 (out, in, kernel...), got " + java.util.Arrays.toString(shape));
        }
        int r = 1;
        for (int d = 2; d < shape.length; d++) r *= shape[d];
        return r;
    }
}
