package facet.autograd;

import facet.tensor.DType;
import facet.tensor.Shape;
import facet.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tensor in a define-by-run graph: its data, the gradient accumulated into it, and the
 * {@link Node} that produced it (none for a leaf). Ops on Variables compute eagerly and record
 * a backward rule; {@link #backward()} walks the graph once in reverse topological order.
 *
 * <p>Gradients of broadcast inputs are summed back to the input's shape here, in the engine,
 * so no rule has to care about broadcasting.
 */
public final class Variable {
    private Tensor data;
    private Tensor grad;
    private final boolean requiresGrad;
    private final Node node;
    private boolean retainsGrad;   // a non-leaf that keeps its gradient (retainGrad)

    private Variable(Tensor data, boolean requiresGrad, Node node) {
        this.data = data;
        this.requiresGrad = requiresGrad;
        this.node = node;
    }

    /** A leaf that collects a gradient (a parameter or an input under test). */
    public static Variable param(Tensor data) { return new Variable(data, true, null); }

    /** A leaf that needs no gradient. */
    public static Variable constant(Tensor data) { return new Variable(data, false, null); }

    public static Variable constant(double value) { return constant(Tensor.scalar(value)); }

    /** The result of op over inputs: recorded in the graph unless grad is off or no input needs it. */
    static Variable make(String op, Tensor out, Node.Rule rule, Variable... inputs) {
        boolean track = false;
        if (NoGrad.gradEnabled()) for (Variable v : inputs) track |= v.requiresGrad;
        return track ? new Variable(out, true, new Node(op, rule, inputs)) : new Variable(out, false, null);
    }

    // =========================================================================================
    // Properties
    // =========================================================================================

    public Tensor data() { return data; }

    /** Replaces the data of a leaf, e.g. after an optimizer step. */
    public void setData(Tensor t) {
        if (node != null) throw new IllegalStateException("setData: only a leaf's data can be replaced");
        if (!Arrays.equals(t.shape(), data.shape())) {
            throw new IllegalArgumentException("setData: new data " + Shape.str(t.shape()) + " does not match " + Shape.str(data.shape()));
        }
        data = t;
    }

    /** The accumulated gradient, or null before the first backward that reaches this leaf (or retained non-leaf). */
    public Tensor grad() { return grad; }

    public void zeroGrad() { grad = null; }

    /**
     * Replaces a leaf's gradient (e.g. clipped). A gradient may share storage with another
     * leaf's or be a broadcast view, so it is replaced, never scaled in place.
     */
    public void setGrad(Tensor g) {
        if (node != null) throw new IllegalStateException("setGrad: only a leaf's gradient can be replaced");
        if (!Arrays.equals(g.shape(), data.shape())) {
            throw new IllegalArgumentException("setGrad: gradient " + Shape.str(g.shape()) + " does not match " + Shape.str(data.shape()));
        }
        grad = g;
    }

    public boolean requiresGrad() { return requiresGrad; }

    /**
     * Makes backward keep this non-leaf's gradient in {@link #grad()}, accumulated as a leaf's is
     * (PyTorch's retain_grad): Grad-CAM needs a class score's gradient at a feature map. Call it
     * before backward. Returns this.
     */
    public Variable retainGrad() {
        if (!requiresGrad) throw new IllegalStateException("retainGrad: this variable does not require grad (no leaf on its path does), so no gradient reaches it");
        retainsGrad = true;
        return this;
    }

    public boolean isLeaf() { return node == null; }

    public int[] shape() { return data.shape(); }

    public int dim() { return data.dim(); }

    public int size(int axis) { return data.size(axis); }

    public DType dtype() { return data.dtype(); }

    /** The name of the op that made this variable ("leaf" for leaves). */
    public String op() { return node == null ? "leaf" : node.op; }

    /** The same data, cut off from the graph. */
    public Variable detach() { return constant(data); }

    public double item() { return data.item(); }

    @Override public String toString() { return "Variable(" + op() + ", " + data + ")"; }

    // =========================================================================================
    // Backward
    // =========================================================================================

    /** Backward from a one-element output with gradient 1. */
    public void backward() {
        if (data.numel() != 1) {
            throw new IllegalArgumentException("backward: output has shape " + Shape.str(data.shape())
                    + "; pass an upstream gradient of that shape (the implicit gradient 1 exists only for one-element outputs)");
        }
        backward(data.onesLike(), false);
    }

    public void backward(Tensor upstream) { backward(upstream, false); }

    /**
     * Accumulates d(this)/d(leaf) . upstream into every leaf that requires grad. The graph is
     * freed afterwards unless retainGraph, and a second pass over a freed graph fails.
     */
    public void backward(Tensor upstream, boolean retainGraph) {
        if (!requiresGrad) throw new IllegalStateException("backward: this variable does not require grad (no leaf on its path does)");
        if (!Arrays.equals(upstream.shape(), data.shape())) {
            throw new IllegalArgumentException("backward: upstream gradient " + Shape.str(upstream.shape())
                    + " does not match the output " + Shape.str(data.shape()));
        }
        List<Variable> order = topologicalOrder();
        Map<Variable, Tensor> pending = new IdentityHashMap<>();
        pending.put(this, upstream);
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Variable v = order.get(i);
                Tensor g = pending.remove(v);
                if (g == null) continue;
                if (v.node == null || v.retainsGrad) v.grad = v.grad == null ? g : v.grad.add(g);
                if (v.node == null) continue;
                Tensor[] gi = v.node.backward(g);
                for (int k = 0; k < gi.length; k++) {
                    Variable in = v.node.inputs[k];
                    if (!in.requiresGrad || gi[k] == null) continue;
                    Tensor r = sumTo(gi[k], in.data.shape(), v.node.op);
                    pending.merge(in, r, Tensor::add);
                }
                if (!retainGraph) v.node.free();
            }
        }
    }

    /** Variables that require grad and lead to this one, inputs before outputs. Iterative: graphs can be deep. */
    private List<Variable> topologicalOrder() {
        List<Variable> order = new ArrayList<>();
        Map<Variable, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {this, 0});
        seen.put(this, true);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Variable v = (Variable) top[0];
            int next = (int) top[1];
            Variable[] ins = v.node == null ? new Variable[0] : v.node.inputs;
            if (next < ins.length) {
                top[1] = next + 1;
                Variable in = ins[next];
                if (in.requiresGrad && seen.put(in, true) == null) stack.push(new Object[] {in, 0});
            } else {
                stack.pop();
                order.add(v);
            }
        }
        return order;
    }

    /** A rule's gradient summed back to its input's shape, with the op named if the rule got the shape wrong. */
    static Tensor sumTo(Tensor g, int[] shape, String op) {
        try {
            return g.sumTo(shape);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(op + ": backward produced " + Shape.str(g.shape()) + " for an input of shape " + Shape.str(shape));
        }
    }

    // =========================================================================================
    // Fluent ops (the rules live in Pointwise, Reductions, Views and Linalg)
    // =========================================================================================

    public Variable add(Variable o) { return Pointwise.add(this, o); }
    public Variable sub(Variable o) { return Pointwise.sub(this, o); }
    public Variable mul(Variable o) { return Pointwise.mul(this, o); }
    public Variable div(Variable o) { return Pointwise.div(this, o); }
    public Variable maximum(Variable o) { return Pointwise.maximum(this, o); }
    public Variable minimum(Variable o) { return Pointwise.minimum(this, o); }
    public Variable add(double v) { return add(scalar(v)); }
    public Variable sub(double v) { return sub(scalar(v)); }
    public Variable mul(double v) { return mul(scalar(v)); }
    public Variable div(double v) { return div(scalar(v)); }

    public Variable neg() { return Pointwise.neg(this); }
    public Variable exp() { return Pointwise.exp(this); }
    public Variable log() { return Pointwise.log(this); }
    public Variable sqrt() { return Pointwise.sqrt(this); }
    public Variable rsqrt() { return Pointwise.rsqrt(this); }
    public Variable pow(double p) { return Pointwise.pow(this, p); }
    public Variable abs() { return Pointwise.abs(this); }
    public Variable relu() { return Pointwise.relu(this); }
    public Variable gelu() { return Pointwise.gelu(this); }
    public Variable sigmoid() { return Pointwise.sigmoid(this); }
    public Variable tanh() { return Pointwise.tanh(this); }
    public Variable softplus() { return Pointwise.softplus(this); }
    public Variable clamp(double lo, double hi) { return Pointwise.clamp(this, lo, hi); }

    public Variable sum() { return Reductions.sum(this, false); }
    public Variable sum(boolean keepdim, int... axes) { return Reductions.sum(this, keepdim, axes); }
    public Variable mean() { return Reductions.mean(this, false); }
    public Variable mean(boolean keepdim, int... axes) { return Reductions.mean(this, keepdim, axes); }
    public Variable max(boolean keepdim, int... axes) { return Reductions.max(this, keepdim, axes); }
    public Variable var(boolean keepdim, int correction, int... axes) { return Reductions.var(this, keepdim, correction, axes); }

    public Variable reshape(int... shape) { return Views.reshape(this, shape); }
    public Variable flatten(int start, int end) { return Views.reshape(this, data.flatten(start, end).shape()); }
    public Variable permute(int... perm) { return Views.permute(this, perm); }
    public Variable transpose(int a, int b) { return Views.transpose(this, a, b); }
    public Variable slice(int axis, int start, int end, int step) { return Views.slice(this, axis, start, end, step); }
    public Variable narrow(int axis, int start, int length) { return Views.slice(this, axis, start, start + length, 1); }
    public Variable expand(int... shape) { return Views.expand(this, shape); }
    public Variable squeeze(int axis) { return Views.reshape(this, data.squeeze(axis).shape()); }
    public Variable unsqueeze(int axis) { return Views.reshape(this, data.unsqueeze(axis).shape()); }
    public Variable contiguous() { return Views.contiguous(this); }

    public Variable matmul(Variable o) { return Linalg.matmul(this, o); }
    public Variable softmax(int axis) { return Softmax.softmax(this, axis); }
    public Variable logSoftmax(int axis) { return Softmax.logSoftmax(this, axis); }

    private Variable scalar(double v) { return constant(Tensor.scalar(v, data.dtype(), data.device())); }
}
