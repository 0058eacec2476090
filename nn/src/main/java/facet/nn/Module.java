package facet.nn;

import facet.autograd.Variable;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Shape;
import facet.tensor.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A piece of a network: named parameters (leaves that learn), named buffers (state that is
 * saved but not learned, such as batch norm's running statistics) and named child modules,
 * all registered in the constructor. Names join with dots ({@code blocks.0.attn.qkv.weight})
 * exactly as PyTorch joins them, so a state dict lines up key for key with the reference
 * implementations' checkpoints.
 */
public abstract class Module {
    private final Map<String, Variable> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    // =========================================================================================
    // Registration (constructors only)
    // =========================================================================================

    /** Registers a parameter initialised to {@code init}; returns it for the subclass's field. */
    protected final Variable param(String name, Tensor init) {
        checkName(name);
        Variable p = Variable.param(init);
        params.put(name, p);
        return p;
    }

    /** Registers a buffer: saved in the state dict, moved by {@link #to}, never given a gradient. */
    protected final void buffer(String name, Tensor init) {
        checkName(name);
        buffers.put(name, init);
    }

    /** The current value of one of this module's buffers (its tensor may be replaced by {@link #to}). */
    protected final Tensor buffer(String name) {
        Tensor t = buffers.get(name);
        if (t == null) throw new IllegalArgumentException(getClass().getSimpleName() + " has no buffer '" + name + "'");
        return t;
    }

    /** Registers a child module; returns it for the subclass's field. */
    protected final <M extends Module> M child(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' must be non-empty and without dots");
        }
        if (params.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is registered twice");
        }
    }

    // =========================================================================================
    // Traversal
    // =========================================================================================

    /** Every parameter under a dotted name, own before children's, each variable once (tied weights keep their first name). */
    public final Map<String, Variable> namedParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        Map<Variable, Boolean> seen = new IdentityHashMap<>();
        namedModules().forEach((prefix, m) -> m.params.forEach((n, p) -> {
            if (seen.put(p, true) == null) out.put(join(prefix, n), p);
        }));
        return out;
    }

    public final List<Variable> parameters() { return new ArrayList<>(namedParameters().values()); }

    public final Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedModules().forEach((prefix, m) -> m.buffers.forEach((n, b) -> out.put(join(prefix, n), b)));
        return out;
    }

    /** This module (under "") and every descendant under its dotted name, parents before children. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        collect("", out);
        return out;
    }

    private void collect(String prefix, Map<String, Module> out) {
        out.put(prefix, this);
        children.forEach((n, c) -> c.collect(join(prefix, n), out));
    }

    /** The number of learnable values (each tied parameter counted once); buffers do not count. */
    public final long parameterCount() {
        long n = 0;
        for (Variable p : namedParameters().values()) n += p.data().numel();
        return n;
    }

    private static String join(String prefix, String name) { return prefix.isEmpty() ? name : prefix + "." + name; }

    // =========================================================================================
    // Mode, gradients, dtype and device
    // =========================================================================================

    /** Training mode (the default): dropout drops, batch norm uses and updates batch statistics. Recursive. */
    public Module train() { return setTraining(true); }

    /** Evaluation mode: dropout is the identity, batch norm uses its running statistics. Recursive. */
    public Module eval() { return setTraining(false); }

    private Module setTraining(boolean on) {
        for (Module m : namedModules().values()) m.training = on;
        return this;
    }

    public final boolean isTraining() { return training; }

    public final void zeroGrad() {
        for (Variable p : namedParameters().values()) p.zeroGrad();
    }

    /**
     * Converts every floating-point parameter and buffer to dtype (integer ones stay), as
     * PyTorch's {@code to(dtype)}. The Variables stay the same objects, so references held
     * elsewhere stay valid; an optimizer's existing state does not follow.
     */
    public Module to(DType dtype) {
        for (Module m : namedModules().values()) {
            m.params.values().forEach(p -> { if (p.dtype().isFloat()) p.setData(p.data().to(dtype)); });
            m.buffers.replaceAll((n, b) -> b.dtype().isFloat() ? b.to(dtype) : b);
        }
        return this;
    }

    /**
     * Moves every parameter and buffer to device in place (a copy through the host for each one
     * not already there), as PyTorch's {@code module.to(device)}, and returns this module. The
     * Variables stay the same objects, so an optimizer built before or after this call steps the
     * moved parameters; its moment slots are made on first use, beside each parameter. Call it
     * before the optimizer's first step: state that step made stays on the old device. Gradients
     * move with their parameters. A buffer shared by two modules stays shared.
     */
    public Module to(Device device) {
        Map<Tensor, Tensor> moved = new IdentityHashMap<>();
        for (Module m : namedModules().values()) {
            for (Variable p : m.params.values()) {
                p.setData(p.data().to(device));
                if (p.grad() != null) p.setGrad(p.grad().to(device));
            }
            m.buffers.replaceAll((n, b) -> moved.computeIfAbsent(b, t -> t.to(device)));
        }
        return this;
    }

    /** The device of the first parameter (or buffer): after {@link #to(Device)}, that of all of them. CPU for a module with neither. */
    public final Device device() {
        for (Variable p : namedParameters().values()) return p.data().device();
        for (Tensor b : namedBuffers().values()) return b.device();
        return Device.CPU;
    }

    // =========================================================================================
    // State dict
    // =========================================================================================

    /** Parameters and buffers by dotted name, each module's own before its children's (PyTorch's order). Tensors are shared, not copied. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedModules().forEach((prefix, m) -> {
            m.params.forEach((n, p) -> out.put(join(prefix, n), p.data()));
            m.buffers.forEach((n, b) -> out.put(join(prefix, n), b));
        });
        return out;
    }

    /** What a non-strict load left out: keys the module has and the state lacks, and keys nobody asked for. */
    public record LoadReport(List<String> missing, List<String> unexpected) {
        public boolean complete() { return missing.isEmpty() && unexpected.isEmpty(); }
    }

    /**
     * Copies {@code state} into this module's parameters and buffers in place, converting dtypes.
     * Strict: a missing or unexpected key fails the load. A shape mismatch always fails it (as in
     * PyTorch: a head of the wrong size is a bug to see, not to skip; drop such keys first). A load
     * that fails names every offending key and changes nothing.
     */
    public final LoadReport loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>(), mismatched = new ArrayList<>();
        own.forEach((k, t) -> {
            Tensor src = state.get(k);
            if (src == null) missing.add(k);
            else if (!Arrays.equals(src.shape(), t.shape())) {
                mismatched.add(k + ": state " + Shape.str(src.shape()) + ", module " + Shape.str(t.shape()));
            }
        });
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        boolean fail = !mismatched.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()));
        if (fail) {
            StringBuilder sb = new StringBuilder("loadStateDict (" + (strict ? "strict" : "non-strict") + ") into "
                    + getClass().getSimpleName() + " failed; nothing was loaded");
            if (strict && !missing.isEmpty()) sb.append("\n  missing from the state: ").append(missing);
            if (strict && !unexpected.isEmpty()) sb.append("\n  unexpected in the state: ").append(unexpected);
            for (String m : mismatched) sb.append("\n  shape mismatch: ").append(m);
            throw new IllegalArgumentException(sb.toString());
        }
        own.forEach((k, t) -> {
            Tensor src = state.get(k);
            if (src != null) t.assign(src.to(t.device()));
        });
        return new LoadReport(List.copyOf(missing), List.copyOf(unexpected));
    }

    @Override public String toString() {
        return getClass().getSimpleName() + "(" + String.format(Locale.ROOT, "%,d", parameterCount()) + " parameters)";
    }
}
