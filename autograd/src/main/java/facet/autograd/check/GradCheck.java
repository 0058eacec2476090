package facet.autograd.check;

import facet.autograd.Variable;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.HostStorage;
import facet.tensor.Shape;
import facet.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Gradient checks in float64 on the reference backend.
 *
 * <p>The output is reduced to a scalar L = sum(out * r) with a fixed random r, so one backward
 * gives the analytic dL/dx for every input. The numerical dL/dx_i is the fourth-order central
 * difference (-L(x+2h) + 8L(x+h) - 8L(x-h) + L(x-2h)) / 12h with h = 1e-4: its truncation error
 * (O(h^4)) and rounding error (~1e-16 |L| / h) both sit far below the 1e-6 pass mark.
 *
 * <p>Error measure: max_i |analytic_i - numeric_i| / max(max_i |numeric_i|, max_i |analytic_i|, 1e-2),
 * i.e. relative to the largest gradient entry of that input (and absolute below 1e-2, where a
 * relative measure would only amplify rounding noise).
 */
public final class GradCheck {
    private GradCheck() {}

    public static final double H = 1e-4;
    public static final double FLOOR = 1e-2;
    /** Inputs with more elements are checked on a random sample of this many elements. */
    public static final int MAX_ELEMENTS = 128;

    /** The function under test, from inputs (params where differentiated, constants elsewhere) to one output. */
    @FunctionalInterface
    public interface Fn {
        Variable apply(List<Variable> in);
    }

    /** A worst error and where it happened. */
    public record Result(double error, String where) {
        static final Result NONE = new Result(0, "");

        Result worse(Result o) { return o.error > error || Double.isNaN(o.error) ? o : this; }
    }

    /** Analytic against numerical gradients for every input marked wrt (inputs in float64). */
    public static Result gradient(Fn f, List<Input> inputs, long seed) {
        List<Tensor> xs = new ArrayList<>();
        for (Input in : inputs) xs.add(in.in(DType.F64));
        Tensor[] grads = analytic(f, inputs, xs, null, seed);
        Tensor r = projection(f, inputs, xs, seed);
        Result worst = Result.NONE;
        SplittableRandom pick = new SplittableRandom(seed ^ 0x5DEECE66DL);
        for (int k = 0; k < inputs.size(); k++) {
            if (!inputs.get(k).wrt()) continue;
            Tensor x = xs.get(k);
            double[] a = grads[k].toDoubleArray();
            int[] which = sample(x.numel(), pick);
            double[] num = new double[which.length], ana = new double[which.length];
            double scale = FLOOR;
            for (int j = 0; j < which.length; j++) {
                num[j] = numeric(f, inputs, xs, r, x, which[j]);
                ana[j] = a[which[j]];
                scale = Math.max(scale, Math.max(Math.abs(num[j]), Math.abs(ana[j])));
            }
            for (int j = 0; j < which.length; j++) {
                double e = Math.abs(ana[j] - num[j]) / scale;
                worst = worst.worse(new Result(e, inputs.get(k).name() + " at " + Shape.str(unravel(which[j], x.shape()))
                        + ": analytic " + ana[j] + ", numeric " + num[j]));
            }
        }
        return worst;
    }

    /**
     * The float32 path against the float64 path: the output and every gradient, each as
     * max |f32 - f64| / max(max |f64|, 1e-2), the same floor as the gradient check: results
     * that cancel to near zero carry the rounding of the terms that cancelled.
     */
    public static Result precision(Fn f, List<Input> inputs, long seed) {
        List<Tensor> x64 = new ArrayList<>(), x32 = new ArrayList<>();
        for (Input in : inputs) {
            x64.add(in.in(DType.F64));
            x32.add(in.in(DType.F32));
        }
        Tensor[] out64 = new Tensor[1], out32 = new Tensor[1];
        Tensor[] g64 = analytic(f, inputs, x64, out64, seed);
        Tensor[] g32 = analytic(f, inputs, x32, out32, seed);
        Result worst = compare("output", out32[0], out64[0]);
        for (int k = 0; k < inputs.size(); k++) {
            if (inputs.get(k).wrt()) worst = worst.worse(compare("d" + inputs.get(k).name(), g32[k], g64[k]));
        }
        return worst;
    }

    private static Result compare(String what, Tensor got, Tensor ref) {
        if (got.dtype() == DType.I32) return Result.NONE;
        double[] g = got.toDoubleArray(), e = ref.toDoubleArray();
        double scale = FLOOR;
        for (double v : e) scale = Math.max(scale, Math.abs(v));
        Result worst = Result.NONE;
        for (int i = 0; i < e.length; i++) {
            double err = Math.abs(g[i] - e[i]) / scale;
            if (err > worst.error() || Double.isNaN(err)) {
                worst = new Result(err, what + " at " + Shape.str(unravel(i, ref.shape())) + ": float32 " + g[i] + ", float64 " + e[i]);
            }
        }
        return worst;
    }

    /** Runs f and backward(r); returns each wrt input's gradient (zeros when none reached it). */
    private static Tensor[] analytic(Fn f, List<Input> inputs, List<Tensor> xs, Tensor[] outHolder, long seed) {
        List<Variable> vars = new ArrayList<>();
        for (int k = 0; k < xs.size(); k++) {
            vars.add(inputs.get(k).wrt() ? Variable.param(xs.get(k)) : Variable.constant(xs.get(k)));
        }
        Variable out = f.apply(vars);
        if (outHolder != null) outHolder[0] = out.data();
        Tensor r = Tensor.randn(new Generator(seed), DType.F64, out.shape()).to(out.dtype());
        if (out.requiresGrad()) out.backward(r);
        Tensor[] g = new Tensor[xs.size()];
        for (int k = 0; k < xs.size(); k++) {
            Tensor gk = vars.get(k).grad();
            g[k] = gk != null ? gk : Tensor.zerosLike(xs.get(k));
            if (gk != null && !java.util.Arrays.equals(gk.shape(), xs.get(k).shape())) {
                throw new IllegalStateException("gradient of " + inputs.get(k).name() + " has shape " + Shape.str(gk.shape())
                        + ", expected " + Shape.str(xs.get(k).shape()));
            }
        }
        return g;
    }

    private static Tensor projection(Fn f, List<Input> inputs, List<Tensor> xs, long seed) {
        Tensor out = eval(f, inputs, xs);
        return Tensor.randn(new Generator(seed), DType.F64, out.shape());
    }

    private static Tensor eval(Fn f, List<Input> inputs, List<Tensor> xs) {
        List<Variable> vars = new ArrayList<>();
        for (Tensor x : xs) vars.add(Variable.constant(x));
        return f.apply(vars).data();
    }

    /** dL/dx_i by the five-point stencil, perturbing element i of x in its storage and restoring it. */
    private static double numeric(Fn f, List<Input> inputs, List<Tensor> xs, Tensor r, Tensor x, int i) {
        double[] store = ((HostStorage) x.storage()).doubles();
        int at = storageOffset(x, i);
        double x0 = store[at];
        double[] l = new double[4];
        double[] steps = {2 * H, H, -H, -2 * H};
        for (int s = 0; s < 4; s++) {
            store[at] = x0 + steps[s];
            l[s] = eval(f, inputs, xs).mul(r).sum().item();
        }
        store[at] = x0;
        return (-l[0] + 8 * l[1] - 8 * l[2] + l[3]) / (12 * H);
    }

    private static int storageOffset(Tensor x, int flat) {
        int[] idx = unravel(flat, x.shape());
        int off = x.offset();
        int[] st = x.strides();
        for (int d = 0; d < idx.length; d++) off += idx[d] * st[d];
        return off;
    }

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            idx[d] = flat % shape[d];
            flat /= shape[d];
        }
        return idx;
    }

    /** All element indices, or a random sample of MAX_ELEMENTS of them. */
    private static int[] sample(int n, SplittableRandom r) {
        if (n <= MAX_ELEMENTS) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }
        return r.ints(MAX_ELEMENTS, 0, n).toArray();
    }
}
