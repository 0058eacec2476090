package facet.autograd.check;

import facet.autograd.Index;
import facet.autograd.Variable;
import facet.autograd.check.Gen.Values;
import facet.autograd.check.OpSpec.Instance;

import java.util.ArrayList;
import java.util.List;

/** Property cases of views, gathers and scatters, joins and top-k. */
final class ShapeCases {
    private ShapeCases() {}

    static List<OpSpec> all() {
        return List.of(
                OpSpec.shaped("reshape", 0, 4, 4, (d, g) -> {
                    int[] target = switch (g.between(0, 2)) {
                        case 0 -> new int[] {-1};
                        case 1 -> reversed(d);
                        default -> withOnes(d);
                    };
                    return one(g.input("x", d, Values.ANY, true), x -> x.reshape(target));
                }),
                OpSpec.shaped("permute", 0, 4, 4, (d, g) -> {
                    int[] perm = g.permutation(d.length);
                    return one(g.input("x", d, Values.ANY, true), x -> x.permute(perm));
                }),
                OpSpec.shaped("transpose", 2, 4, 4, (d, g) -> {
                    int a = g.between(0, d.length - 1), b = g.between(-d.length, -1);
                    return one(g.input("x", d, Values.ANY, true), x -> x.transpose(a, b));
                }),
                OpSpec.shaped("slice", 1, 4, 5, (d, g) -> {
                    int axis = g.between(0, d.length - 1), n = d[axis];
                    int start = g.between(0, n - 1), end = g.between(start + 1, n), step = g.between(1, 3);
                    return one(g.input("x", d, Values.ANY, true), x -> x.slice(axis, start, end, step));
                }),
                OpSpec.shaped("expand", 0, 4, 4, (d, g) -> one(g.input("x", g.broadcastable(d), Values.ANY, true), x -> x.expand(d))),
                OpSpec.shaped("squeeze", 1, 4, 3, (d, g) -> {
                    int axis = g.between(0, d.length - 1);
                    int[] s = d.clone();
                    s[axis] = 1;
                    return one(g.input("x", s, Values.ANY, true), x -> x.squeeze(axis));
                }),
                OpSpec.shaped("unsqueeze", 0, 4, 4, (d, g) -> {
                    int axis = g.between(-d.length - 1, d.length);
                    return one(g.input("x", d, Values.ANY, true), x -> x.unsqueeze(axis));
                }),
                OpSpec.shaped("contiguous", 0, 4, 4, (d, g) -> one(g.input("x", d, Values.ANY, true), Variable::contiguous)),
                OpSpec.shaped("gather", 1, 4, 4, (d, g) -> {
                    int axis = g.between(0, d.length - 1);
                    int[] is = smallerOrEqual(d, g);
                    is[axis] = g.between(1, 5);
                    Input x = g.input("x", d, Values.ANY, true), idx = g.indices("index", is, d[axis]);
                    return new Instance(List.of(x, idx), in -> Index.gather(in.get(0), axis, in.get(1).data()));
                }),
                OpSpec.shaped("index_select", 1, 4, 4, (d, g) -> {
                    int axis = g.between(0, d.length - 1);
                    Input x = g.input("x", d, Values.ANY, true), idx = g.indices("index", new int[] {g.between(1, 5)}, d[axis]);
                    return new Instance(List.of(x, idx), in -> Index.indexSelect(in.get(0), axis, in.get(1).data()));
                }),
                OpSpec.shaped("scatter_add", 1, 4, 4, (d, g) -> {
                    int axis = g.between(0, d.length - 1);
                    int[] is = smallerOrEqual(d, g);
                    is[axis] = g.between(1, 5);
                    Input src = g.input("src", is, Values.ANY, true), idx = g.indices("index", is, d[axis]);
                    return new Instance(List.of(src, idx), in -> Index.scatterAdd(d, axis, in.get(1).data(), in.get(0)));
                }),
                OpSpec.shaped("cat", 1, 4, 4, (d, g) -> {
                    int axis = g.between(0, d.length - 1), parts = g.between(1, 3);
                    List<Input> ins = new ArrayList<>();
                    for (int i = 0; i < parts; i++) {
                        int[] s = d.clone();
                        s[axis] = g.between(1, 3);
                        ins.add(g.input("x" + i, s, Values.ANY, true));
                    }
                    return new Instance(ins, in -> Index.cat(axis, in.toArray(Variable[]::new)));
                }),
                OpSpec.shaped("stack", 0, 3, 4, (d, g) -> {
                    int axis = g.between(0, d.length), parts = g.between(1, 3);
                    List<Input> ins = new ArrayList<>();
                    for (int i = 0; i < parts; i++) ins.add(g.input("x" + i, d, Values.ANY, true));
                    return new Instance(ins, in -> Index.stack(axis, in.toArray(Variable[]::new)));
                }),
                OpSpec.shaped("split", 1, 4, 5, (d, g) -> {
                    int axis = g.between(0, d.length - 1);
                    int first = g.between(0, d[axis]);
                    int[] sizes = {first, d[axis] - first};
                    // reversing the pieces makes the checked function more than the identity
                    return one(g.input("x", d, Values.ANY, true), x -> {
                        Variable[] p = Index.split(x, axis, sizes);
                        return Index.cat(axis, p[1], p[0]);
                    });
                }),
                OpSpec.shaped("topk", 1, 4, 5, (d, g) -> {
                    int axis = g.between(0, d.length - 1), k = g.between(1, d[axis]);
                    boolean largest = g.coin();
                    return one(g.input("x", d, Values.DISTINCT, true), x -> Index.topk(x, k, axis, largest).values());
                }));
    }

    static Instance one(Input x, java.util.function.UnaryOperator<Variable> f) {
        return new Instance(List.of(x), in -> f.apply(in.get(0)));
    }

    static int[] reversed(int[] d) {
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) r[i] = d[d.length - 1 - i];
        return r;
    }

    /** The same sizes with a 1 inserted in front and at the back. */
    static int[] withOnes(int[] d) {
        int[] r = new int[d.length + 2];
        r[0] = 1;
        System.arraycopy(d, 0, r, 1, d.length);
        r[d.length + 1] = 1;
        return r;
    }

    /** Each size replaced by a random size no larger: an index shape that gather accepts. */
    static int[] smallerOrEqual(int[] d, Gen g) {
        int[] r = new int[d.length];
        for (int i = 0; i < d.length; i++) r[i] = g.between(1, d[i]);
        return r;
    }
}
