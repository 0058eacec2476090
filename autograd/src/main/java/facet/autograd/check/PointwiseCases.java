package facet.autograd.check;

import facet.autograd.Linalg;
import facet.autograd.Pointwise;
import facet.autograd.Reductions;
import facet.autograd.Softmax;
import facet.autograd.Variable;
import facet.autograd.check.Gen.Values;
import facet.autograd.check.OpSpec.Instance;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/** Property cases of elementwise ops, reductions, matmul and the softmax family. */
final class PointwiseCases {
    private PointwiseCases() {}

    static List<OpSpec> all() {
        return List.of(
                binary("add", Values.ANY, Values.ANY, Variable::add),
                binary("sub", Values.ANY, Values.ANY, Variable::sub),
                binary("mul", Values.ANY, Values.ANY, Variable::mul),
                binary("div", Values.ANY, Values.POSITIVE, Variable::div),
                binary("maximum", Values.ON_GRID, Values.OFF_GRID, Variable::maximum),
                binary("minimum", Values.ON_GRID, Values.OFF_GRID, Variable::minimum),
                unary("neg", Values.ANY, Variable::neg),
                unary("exp", Values.ANY, Variable::exp),
                unary("log", Values.POSITIVE, Variable::log),
                unary("sqrt", Values.POSITIVE, Variable::sqrt),
                unary("rsqrt", Values.POSITIVE, Variable::rsqrt),
                OpSpec.shaped("pow", 0, 4, 4, (d, g) -> {
                    double p = new double[] {2, 3, 0.5, -1.5}[g.between(0, 3)];
                    return new Instance(List.of(g.input("x", d, Values.POSITIVE, true)), in -> in.get(0).pow(p));
                }),
                unary("abs", Values.AWAY_FROM_ZERO, Variable::abs),
                unary("relu", Values.AWAY_FROM_ZERO, Variable::relu),
                unary("gelu", Values.ANY, Variable::gelu),
                unary("sigmoid", Values.ANY, Variable::sigmoid),
                unary("tanh", Values.ANY, Variable::tanh),
                unary("softplus", Values.ANY, Variable::softplus),
                unary("clamp", Values.ON_GRID, x -> x.clamp(-0.5, 0.7)),
                OpSpec.shaped("where", 0, 4, 4, (d, g) -> {
                    Input c = g.input("cond", g.broadcastable(d), Values.MASK, false);
                    Input a = g.input("a", g.broadcastable(d), Values.ANY, true);
                    Input b = g.input("b", g.broadcastable(d), Values.ANY, true);
                    return new Instance(List.of(c, a, b), in -> Pointwise.where(in.get(0).data(), in.get(1), in.get(2)));
                }),
                reduction("sum", Values.ANY, (x, keep, axes) -> x.sum(keep, axes)),
                reduction("mean", Values.ANY, (x, keep, axes) -> x.mean(keep, axes)),
                reduction("max", Values.DISTINCT, (x, keep, axes) -> x.max(keep, axes)),
                reduction("var", Values.ANY, (x, keep, axes) ->
                        Reductions.var(x, keep, x.data().count(axes) > 1 ? 1 : 0, axes)),
                matmul(),
                OpSpec.sized("linear", new int[] {1, 1, 1, 0}, new int[] {6, 6, 6, 1}, (d, g) -> {
                    Input x = g.input("x", new int[] {d[0], d[1]}, Values.ANY, true), w = g.input("w", new int[] {d[2], d[1]}, Values.ANY, true);
                    java.util.List<Input> ins = new java.util.ArrayList<>(List.of(x, w));
                    if (d[3] == 1) ins.add(g.input("b", new int[] {d[2]}, Values.ANY, true));
                    return new Instance(ins, in -> Linalg.linear(in.get(0), in.get(1), in.size() > 2 ? in.get(2) : null));
                }),
                softmax("softmax", Softmax::softmax),
                softmax("log_softmax", Softmax::logSoftmax));
    }

    static OpSpec unary(String name, Values kind, UnaryOperator<Variable> f) {
        return OpSpec.shaped(name, 0, 4, 4, (d, g) -> new Instance(List.of(g.input("x", d, kind, true)), in -> f.apply(in.get(0))));
    }

    /** Both operands broadcast to the case's shape: random dims of each are 1 or missing. */
    static OpSpec binary(String name, Values ka, Values kb, BinaryOperator<Variable> f) {
        return OpSpec.shaped(name, 0, 4, 4, (d, g) -> {
            Input a = g.input("a", g.broadcastable(d), ka, true);
            Input b = g.input("b", g.broadcastable(d), kb, true);
            return new Instance(List.of(a, b), in -> f.apply(in.get(0), in.get(1)));
        });
    }

    interface Reduction { Variable apply(Variable x, boolean keepdim, int[] axes); }

    /** Over a random set of axes (or all, with no axes given), keepdim either way. */
    static OpSpec reduction(String name, Values kind, Reduction f) {
        return OpSpec.shaped(name, 0, 4, 4, (d, g) -> {
            Input x = g.input("x", d, kind, true);
            int[] axes = g.coin() ? new int[0] : g.axes(d.length);
            boolean keep = g.coin();
            return new Instance(List.of(x), in -> f.apply(in.get(0), keep, axes));
        });
    }

    /**
     * dims = {mode, B, M, K, N}. Modes: 0 (M,K)x(K,N); 1 (B,M,K)x(B,K,N); 2 (B,M,K)x(K,N);
     * 3 (K)x(K,N); 4 (M,K)x(K); 5 (B,1,M,K)x(1,B,K,N), broadcasting on both sides; 6 (K)x(K).
     */
    static OpSpec matmul() {
        return OpSpec.sized("matmul", new int[] {0, 1, 1, 1, 1}, new int[] {6, 3, 5, 5, 5}, (d, g) -> {
            int b = d[1], m = d[2], k = d[3], n = d[4];
            int[][] shapes = switch (d[0]) {
                case 0 -> new int[][] {{m, k}, {k, n}};
                case 1 -> new int[][] {{b, m, k}, {b, k, n}};
                case 2 -> new int[][] {{b, m, k}, {k, n}};
                case 3 -> new int[][] {{k}, {k, n}};
                case 4 -> new int[][] {{m, k}, {k}};
                case 5 -> new int[][] {{b, 1, m, k}, {1, b, k, n}};
                default -> new int[][] {{k}, {k}};
            };
            Input x = g.input("a", shapes[0], Values.ANY, true), y = g.input("b", shapes[1], Values.ANY, true);
            return new Instance(List.of(x, y), in -> in.get(0).matmul(in.get(1)));
        });
    }

    static OpSpec softmax(String name, java.util.function.BiFunction<Variable, Integer, Variable> f) {
        return OpSpec.shaped(name, 1, 4, 5, (d, g) -> {
            int axis = g.between(-d.length, d.length - 1);
            return new Instance(List.of(g.input("x", d, Values.ANY, true)), in -> f.apply(in.get(0), axis));
        });
    }
}
