package facet.autograd;

import facet.tensor.Tensor;


/** Shape-only ops: their backward only moves the gradient back into the input's layout. */
public final class Views {
    private Views() {}

    public static Variable reshape(Variable a, int... shape) {
        int[] in = a.shape();
        return Variable.make("reshape", a.data().reshape(shape), (d, n) -> new Tensor[] {d.reshape(in)}, a);
    }

    public static Variable permute(Variable a, int... perm) {
        Tensor out = a.data().permute(perm);
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) inverse[Math.floorMod(perm[i], perm.length)] = i;
        return Variable.make("permute", out, (d, n) -> new Tensor[] {d.permute(inverse)}, a);
    }

    public static Variable transpose(Variable a, int x, int y) {
        return Variable.make("transpose", a.data().transpose(x, y), (d, n) -> new Tensor[] {d.transpose(x, y)}, a);
    }

    /** The gradient lands in the sliced positions of a zero tensor of the input's shape. */
    public static Variable slice(Variable a, int axis, int start, int end, int step) {
        Tensor x = a.data();
        return Variable.make("slice", x.slice(axis, start, end, step), (d, n) -> {
            Tensor dx = Tensor.zerosLike(x);
            dx.slice(axis, start, end, step).assign(d);
            return new Tensor[] {dx};
        }, a);
    }

    /** Broadcast: the engine sums the gradient back to the input's shape. */
    public static Variable expand(Variable a, int... shape) {
        return Variable.make("expand", a.data().expand(shape), (d, n) -> new Tensor[] {d}, a);
    }

    public static Variable contiguous(Variable a) {
        return Variable.make("contiguous", a.data().contiguous(), (d, n) -> new Tensor[] {d}, a);
    }
}
