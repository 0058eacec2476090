package facet.autograd.check;

import facet.autograd.Attention;
import facet.autograd.Conv;
import facet.autograd.Dropout;
import facet.autograd.Losses;
import facet.autograd.Norm;
import facet.autograd.Pool2d;
import facet.autograd.check.Gen.Values;
import facet.autograd.check.OpSpec.Instance;
import facet.kernels.Epilogue;
import facet.tensor.ConvParams;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.PoolParams;
import facet.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/** Property cases of convolution, pooling, normalisation, attention, losses and dropout. */
final class NetworkCases {
    private NetworkCases() {}

    static List<OpSpec> all() {
        return List.of(conv2d(), pool("max_pool2d"), pool("avg_pool2d"),
                OpSpec.sized("global_avg_pool", new int[] {1, 1, 1, 1}, new int[] {3, 3, 4, 4}, (d, g) ->
                        ShapeCases.one(g.input("x", d, Values.ANY, true), Pool2d::globalAvgPool)),
                layerNorm(), batchNorm("batch_norm_train", true), batchNorm("batch_norm_eval", false), batchNormRelu(), batchNormAddRelu(),
                attention(), selfAttention(), crossEntropy(),
                OpSpec.shaped("bce_with_logits", 0, 3, 4, (d, g) -> {
                    Input x = g.input("logits", d, Values.ANY, true), t = g.input("target", d, Values.PROBABILITY, false);
                    return new Instance(List.of(x, t), in -> Losses.bceWithLogits(in.get(0), in.get(1).data()));
                }),
                OpSpec.shaped("mse", 0, 3, 4, (d, g) -> {
                    Input a = g.input("a", d, Values.ANY, true), b = g.input("b", d, Values.ANY, true);
                    return new Instance(List.of(a, b), in -> Losses.mse(in.get(0), in.get(1)));
                }),
                OpSpec.shaped("l1", 0, 3, 4, (d, g) -> {
                    Input a = g.input("a", d, Values.ON_GRID, true), b = g.input("b", d, Values.OFF_GRID, true);
                    return new Instance(List.of(a, b), in -> Losses.l1(in.get(0), in.get(1)));
                }),
                maskedMse("masked_mse", false), maskedMse("masked_mse_norm_target", true),
                OpSpec.shaped("global_avg_pool_axis", 1, 4, 5, (d, g) -> {
                    int axis = g.between(0, d.length - 1);
                    return ShapeCases.one(g.input("x", d, Values.ANY, true), x -> Pool2d.globalAvgPool(x, axis));
                }),
                OpSpec.shaped("dropout", 1, 4, 4, (d, g) -> {
                    double p = g.coin() ? 0.1 : 0.5;
                    long seed = g.between(0, 1000);
                    // a fresh generator per call: every evaluation draws the same mask
                    return ShapeCases.one(g.input("x", d, Values.ANY, true), x -> Dropout.dropout(x, p, true, new Generator(seed)));
                }));
    }

    /** dims = {B, N, L}; with normTarget every target row is standardised first (L >= 2). */
    static OpSpec maskedMse(String name, boolean normTarget) {
        return OpSpec.sized(name, new int[] {1, 1, normTarget ? 2 : 1}, new int[] {3, 6, 5}, (d, g) -> {
            Input p = g.input("pred", d, Values.ANY, true), t = g.input("target", d, Values.ANY, false);
            Input m = g.input("mask", new int[] {d[0], d[1]}, Values.MASK, false);
            return new Instance(List.of(p, t, m), in -> Losses.maskedMse(in.get(0), in.get(1).data(), in.get(2).data(), normTarget));
        }).f32Tolerance(normTarget ? STANDARDIZE_F32 : 1e-4);
    }

    /**
     * Standardising a small group whose values nearly coincide is ill-conditioned: rstd grows
     * toward 1 / sqrt(eps), and the backward subtracts terms of size rstd * |dY| to get a far
     * smaller result, so float32 keeps about rstd * 6e-8 of relative accuracy there.
     */
    static final double STANDARDIZE_F32 = 5e-3;

    /** dims = {N, C/groups, groups, H, W, O/groups, KH, KW, stride, padding, dilation, bias}. */
    static OpSpec conv2d() {
        return OpSpec.sized("conv2d",
                new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0},
                new int[] {2, 3, 2, 6, 6, 3, 3, 3, 2, 2, 2, 1}, (d, g) -> {
                    int groups = d[2], c = d[1] * groups, o = d[5] * groups;
                    ConvParams p = ConvParams.of(d[8], d[9]).dilation(d[10]).groups(groups);
                    List<Input> ins = new ArrayList<>(List.of(
                            g.input("x", new int[] {d[0], c, d[3], d[4]}, Values.ANY, true),
                            g.input("w", new int[] {o, d[1], d[6], d[7]}, Values.ANY, true)));
                    if (d[11] == 1) ins.add(g.input("bias", new int[] {o}, Values.ANY, true));
                    return new Instance(ins, in -> Conv.conv2d(in.get(0), in.get(1), in.size() > 2 ? in.get(2) : null, p));
                }).where(d -> outSize(d[3], d[6], d[8], d[9], d[10]) >= 1 && outSize(d[4], d[7], d[8], d[9], d[10]) >= 1);
    }

    static int outSize(int in, int k, int stride, int pad, int dil) { return (in + 2 * pad - dil * (k - 1) - 1) / stride + 1; }

    /** dims = {N, C, H, W, K, stride, padding}; max pooling gets distinct values, so no window has a tie. */
    static OpSpec pool(String name) {
        boolean max = name.startsWith("max");
        return OpSpec.sized(name, new int[] {1, 1, 1, 1, 1, 1, 0}, new int[] {2, 3, 6, 6, 3, 2, 1}, (d, g) -> {
            PoolParams p = PoolParams.of(d[4], d[5], d[6]);
            boolean countPad = g.coin();
            Input x = g.input("x", new int[] {d[0], d[1], d[2], d[3]}, max ? Values.DISTINCT : Values.ANY, true);
            return ShapeCases.one(x, v -> max ? Pool2d.maxPool2d(v, p) : Pool2d.avgPool2d(v, p, countPad));
        }).where(d -> d[6] <= d[4] / 2 && d[2] + 2 * d[6] >= d[4] && d[3] + 2 * d[6] >= d[4]);
    }

    /** Normalises the last k dims of a rank-r case, with an affine part of the normalised shape. */
    static OpSpec layerNorm() {
        return OpSpec.shaped("layer_norm", 1, 4, 4, (d, g) -> {
            int k = g.between(1, d.length);
            int[] norm = java.util.Arrays.copyOfRange(d, d.length - k, d.length);
            Input x = g.input("x", d, Values.ANY, true);
            Input w = g.input("gamma", norm, Values.ANY, true), b = g.input("beta", norm, Values.ANY, true);
            return new Instance(List.of(x, w, b), in -> Norm.layerNorm(in.get(0), in.get(1), in.get(2), k, 1e-5));
        }).f32Tolerance(STANDARDIZE_F32);
    }

    /** dims = {N, C, H, W, spatial}: spatial 0 gives (N, C) input, 1 gives (N, C, H, W). */
    static OpSpec batchNorm(String name, boolean training) {
        return OpSpec.sized(name, new int[] {1, 1, 1, 1, 0}, new int[] {4, 3, 3, 3, 1}, (d, g) -> {
            int[] shape = d[4] == 1 ? new int[] {d[0], d[1], d[2], d[3]} : new int[] {d[0], d[1]};
            Input x = g.input("x", shape, Values.ANY, true);
            Input w = g.input("gamma", new int[] {d[1]}, Values.ANY, true), b = g.input("beta", new int[] {d[1]}, Values.ANY, true);
            Input rm = g.input("running_mean", new int[] {d[1]}, Values.ANY, false);
            Input rv = g.input("running_var", new int[] {d[1]}, Values.POSITIVE, false);
            return new Instance(List.of(x, w, b, rm, rv), in -> Norm.batchNorm(in.get(0), in.get(1), in.get(2),
                    in.get(3).data().copy(), in.get(4).data().copy(), training, 0.1, 1e-5, Epilogue.none()));
        }).where(d -> !training || d[0] * (d[4] == 1 ? d[2] * d[3] : 1) > 1).f32Tolerance(STANDARDIZE_F32);
    }

    /**
     * Training batch norm with its ReLU fused, dims as {@link #batchNorm}. beta is moved, per
     * channel, until no pre-ReLU output lies near the kink: at least 0.1 away, plus what a 2h
     * step of one x can move it (under 8h |gamma| rstd), so differences never straddle it and
     * float32 and float64 agree on which outputs pass.
     */
    static OpSpec batchNormRelu() {
        return OpSpec.sized("batch_norm_relu_train", new int[] {1, 1, 1, 1, 0}, new int[] {4, 3, 3, 3, 1}, (d, g) -> {
            int[] shape = d[4] == 1 ? new int[] {d[0], d[1], d[2], d[3]} : new int[] {d[0], d[1]};
            Input x = g.input("x", shape, Values.ANY, true), w = g.input("gamma", new int[] {d[1]}, Values.ANY, true);
            double[] beta = g.values(new int[] {d[1]}, Values.ANY).toDoubleArray();
            awayFromTheKink(x.in(DType.F64).toDoubleArray(), w.in(DType.F64).toDoubleArray(), beta, d[0], d[4] == 1 ? d[2] * d[3] : 1);
            Input b = new Input("beta", new int[] {d[1]}, Layout.CONTIGUOUS, Tensor.of(beta, d[1]), true);
            Input rm = g.input("running_mean", new int[] {d[1]}, Values.ANY, false);
            Input rv = g.input("running_var", new int[] {d[1]}, Values.POSITIVE, false);
            return new Instance(List.of(x, w, b, rm, rv), in -> Norm.batchNorm(in.get(0), in.get(1), in.get(2),
                    in.get(3).data().copy(), in.get(4).data().copy(), true, 0.1, 1e-5, Epilogue.relu()));
        }).where(d -> d[0] * (d[4] == 1 ? d[2] * d[3] : 1) > 1).f32Tolerance(STANDARDIZE_F32);
    }

    /**
     * Training batch norm, residual add and ReLU as one op, dims {N, C, H, W}; the residual is a
     * differentiable input too. beta is moved clear of the kink as in {@link #batchNormRelu}, with
     * the residual counted in, and a 2h step of a residual moves the pre-ReLU value by only 2h.
     */
    static OpSpec batchNormAddRelu() {
        return OpSpec.sized("batch_norm_add_relu_train", new int[] {1, 1, 1, 1}, new int[] {3, 3, 3, 3}, (d, g) -> {
            int[] shape = {d[0], d[1], d[2], d[3]};
            Input x = g.input("x", shape, Values.ANY, true), w = g.input("gamma", new int[] {d[1]}, Values.ANY, true);
            Input res = g.input("residual", shape, Values.ANY, true);
            double[] beta = g.values(new int[] {d[1]}, Values.ANY).toDoubleArray();
            awayFromTheKink(x.in(DType.F64).toDoubleArray(), w.in(DType.F64).toDoubleArray(), beta, d[0], d[2] * d[3],
                    res.in(DType.F64).contiguous().toDoubleArray());
            Input b = new Input("beta", new int[] {d[1]}, Layout.CONTIGUOUS, Tensor.of(beta, d[1]), true);
            Input rm = g.input("running_mean", new int[] {d[1]}, Values.ANY, false);
            Input rv = g.input("running_var", new int[] {d[1]}, Values.POSITIVE, false);
            return new Instance(List.of(x, w, b, res, rm, rv), in -> Norm.batchNorm(in.get(0), in.get(1), in.get(2),
                    in.get(4).data().copy(), in.get(5).data().copy(), true, 0.1, 1e-5, Epilogue.addRelu(in.get(3))));
        }).where(d -> d[0] * d[2] * d[3] > 1).f32Tolerance(STANDARDIZE_F32);
    }

    static void awayFromTheKink(double[] x, double[] gamma, double[] beta, int n, int p) {
        awayFromTheKink(x, gamma, beta, n, p, null);
    }

    /**
     * Shifts beta[c] in steps of 0.05 (nearest first) until every gamma xhat + beta (+ residual) of
     * channel c is clear of 0; x and the residual (or null) are (N, C, P).
     */
    static void awayFromTheKink(double[] x, double[] gamma, double[] beta, int n, int p, double[] residual) {
        int c = gamma.length;
        for (int ch = 0; ch < c; ch++) {
            double[] t = new double[n * p];
            double mean = 0, var = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) t[i * p + j] = x[(i * c + ch) * p + j];
            for (double v : t) mean += v / t.length;
            for (double v : t) var += (v - mean) * (v - mean) / t.length;
            double rstd = 1 / Math.sqrt(var + 1e-5), margin = 0.1 + 8 * GradCheck.H * Math.abs(gamma[ch]) * rstd;
            for (int i = 0; i < t.length; i++) t[i] = (t[i] - mean) * rstd * gamma[ch];
            if (residual != null) for (int i = 0; i < n; i++) for (int j = 0; j < p; j++) t[i * p + j] += residual[(i * c + ch) * p + j];
            double b0 = beta[ch];
            for (int k = 0; ; k++) {
                double b = b0 + (k % 2 == 0 ? 1 : -1) * 0.05 * ((k + 1) / 2);
                boolean clear = true;
                for (double v : t) clear &= Math.abs(v + b) >= margin;
                if (clear) {
                    beta[ch] = b;
                    break;
                }
            }
        }
    }

    /** dims = {B, H, Tq, Tk, D, Dv, masked}; a mask row always keeps at least one key. */
    static OpSpec attention() {
        return OpSpec.sized("attention", new int[] {1, 1, 1, 1, 1, 1, 0}, new int[] {2, 2, 4, 4, 4, 3, 1}, (d, g) -> {
            Input q = g.input("q", new int[] {d[0], d[1], d[2], d[4]}, Values.ANY, true);
            Input k = g.input("k", new int[] {d[0], d[1], d[3], d[4]}, Values.ANY, true);
            Input v = g.input("v", new int[] {d[0], d[1], d[3], d[5]}, Values.ANY, true);
            List<Input> ins = new ArrayList<>(List.of(q, k, v));
            if (d[6] == 1) ins.add(keyMask(g, d[2], d[3]));
            return new Instance(ins, in -> Attention.scaledDotProduct(in.get(0), in.get(1), in.get(2),
                    in.size() > 3 ? in.get(3).data() : null));
        });
    }

    /** dims = {B, N, H, Dh, masked}: q, k and v packed in one (B, N, 3 H Dh) input, as a ViT's qkv layer makes them. */
    static OpSpec selfAttention() {
        return OpSpec.sized("self_attention", new int[] {1, 1, 1, 1, 0}, new int[] {2, 4, 2, 3, 1}, (d, g) -> {
            Input qkv = g.input("qkv", new int[] {d[0], d[1], 3 * d[2] * d[3]}, Values.ANY, true);
            List<Input> ins = new ArrayList<>(List.of(qkv));
            if (d[4] == 1) ins.add(keyMask(g, d[1], d[1]));
            return new Instance(ins, in -> Attention.selfAttention(in.get(0), d[2], in.size() > 1 ? in.get(1).data() : null));
        });
    }

    /** A random 0/1 (tq, tk) mask in which every query keeps at least one key. */
    private static Input keyMask(Gen g, int tq, int tk) {
        double[] m = new double[tq * tk];
        for (int i = 0; i < tq; i++) {
            for (int j = 0; j < tk; j++) m[i * tk + j] = g.coin() ? 1 : 0;
            m[i * tk + g.between(0, tk - 1)] = 1;
        }
        return new Input("mask", new int[] {tq, tk}, Layout.CONTIGUOUS, Tensor.of(m, tq, tk), false);
    }

    /** dims = {N, C, smoothing}: smoothing 1 uses label smoothing 0.1. */
    static OpSpec crossEntropy() {
        return OpSpec.sized("cross_entropy", new int[] {1, 1, 0}, new int[] {5, 6, 1}, (d, g) -> {
            Input x = g.input("logits", new int[] {d[0], d[1]}, Values.ANY, true);
            Input y = g.indices("labels", new int[] {d[0]}, d[1]);
            double s = d[2] == 1 ? 0.1 : 0;
            return new Instance(List.of(x, y), in -> Losses.crossEntropy(in.get(0), in.get(1).data(), s));
        });
    }
}
