package facet.nn.optim;

import facet.autograd.Variable;
import facet.tensor.Shape;
import facet.tensor.StepArena;
import facet.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Updates parameters from their gradients. A subclass overrides {@link #update} for one
 * parameter; the base class walks the groups, skips parameters without a gradient, and keeps
 * per-parameter state in named slots that {@link #stateDict} exposes under
 * "&lt;parameter name&gt;.&lt;slot&gt;" for checkpoints.
 */
public abstract class Optimizer {
    private final List<ParamGroup> groups;
    private final Map<String, Map<String, Tensor>> state = new LinkedHashMap<>();
    private final Set<String> slots;
    private double lr;

    protected Optimizer(List<ParamGroup> groups, double lr, Set<String> slots) {
        Set<String> names = new HashSet<>();
        for (ParamGroup g : groups) {
            for (String n : g.params().keySet()) {
                if (!names.add(n)) throw new IllegalArgumentException(getClass().getSimpleName() + ": parameter '" + n + "' is in two groups");
            }
        }
        this.groups = List.copyOf(groups);
        this.slots = Set.copyOf(slots);
        setLr(lr);
    }

    /** The base learning rate; group g steps with lr * g.lrScale(). A schedule sets it before each step. */
    public final void setLr(double lr) {
        if (!(lr >= 0)) throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate " + lr + " must be >= 0");
        this.lr = lr;
    }

    public final double lr() { return lr; }

    public final List<ParamGroup> groups() { return groups; }

    /** One update of every parameter that has a gradient. */
    public final void step() {
        for (ParamGroup g : groups) {
            g.params().forEach((name, p) -> {
                if (p.grad() != null) update(name, p, lr * g.lrScale(), g.weightDecay());
            });
        }
    }

    public final void zeroGrad() {
        for (ParamGroup g : groups) g.params().values().forEach(Variable::zeroGrad);
    }

    /** Updates p.data() in place from p.grad(). */
    protected abstract void update(String name, Variable p, double lr, double weightDecay);

    /** The parameter's state slot, created by init on first use. */
    protected final Tensor slot(String param, String slot, Supplier<Tensor> init) {
        return state.computeIfAbsent(param, k -> new LinkedHashMap<>()).computeIfAbsent(slot, k -> StepArena.outside(init));
    }

    /** The parameter's state slot, or null before its first step. */
    protected final Tensor slotOrNull(String param, String slot) {
        Map<String, Tensor> s = state.get(param);
        return s == null ? null : s.get(slot);
    }

    /** Replaces a slot's tensor (for state that is not updated in place). */
    protected final void setSlot(String param, String slot, Tensor t) {
        state.computeIfAbsent(param, k -> new LinkedHashMap<>()).put(slot, StepArena.keep(t));
    }

    /** Per-parameter state under "name.slot"; tensors are shared, not copied. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((p, s) -> s.forEach((k, t) -> out.put(p + "." + k, t)));
        return out;
    }

    /**
     * Replaces the state by saved state (copies). Every key must name a parameter of this
     * optimizer and one of its slots, with the parameter's shape for tensor slots; otherwise
     * nothing is loaded and the error names every offending key.
     */
    public final void loadStateDict(Map<String, Tensor> saved) {
        Map<String, Variable> params = new LinkedHashMap<>();
        for (ParamGroup g : groups) params.putAll(g.params());
        List<String> bad = new ArrayList<>();
        Map<String, Map<String, Tensor>> next = new LinkedHashMap<>();
        saved.forEach((key, t) -> {
            int dot = key.lastIndexOf('.');
            String p = dot < 0 ? "" : key.substring(0, dot), s = key.substring(dot + 1);
            Variable v = params.get(p);
            if (v == null || !slots.contains(s)) bad.add(key + " (no such parameter or slot; slots: " + slots + ")");
            else if (t.dim() > 0 && !Arrays.equals(t.shape(), v.shape())) {
                bad.add(key + " (shape " + Shape.str(t.shape()) + ", parameter " + Shape.str(v.shape()) + ")");
            } else {
                next.computeIfAbsent(p, k -> new LinkedHashMap<>()).put(s, t.to(v.data().device()).copy());
            }
        });
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: nothing was loaded; offending keys:\n  "
                    + String.join("\n  ", bad));
        }
        state.clear();
        state.putAll(next);
    }
}
