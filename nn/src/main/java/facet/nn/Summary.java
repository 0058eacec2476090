package facet.nn;

import facet.autograd.NoGrad;
import facet.autograd.Variable;
import facet.tensor.Shape;
import facet.tensor.Tensor;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A per-layer table of a model: dotted name, type, output shape and parameter count (each
 * module's own plus its descendants'). Output shapes are measured, not predicted: the model
 * runs once on the given input, in eval mode and without a graph, while {@link Layer#apply}
 * records what each layer returned.
 */
public record Summary(String model, List<Row> rows, long parameters, long bufferValues) {
    /** outputShape is null for a module the forward pass did not call through {@link Layer#apply}. */
    public record Row(String name, int depth, String type, int[] outputShape, long parameters) {}

    private static final ThreadLocal<Map<Module, int[]>> TRACE = new ThreadLocal<>();

    /** Called by every {@link Layer#apply}; a no-op unless a summary is being taken on this thread. */
    static void record(Module m, Variable out) {
        Map<Module, int[]> t = TRACE.get();
        if (t != null) t.put(m, out.shape());
    }

    /** Runs model on input and tabulates it; the model's train/eval mode is restored afterwards. */
    public static Summary of(Layer model, Tensor input) {
        boolean wasTraining = model.isTraining();
        Map<Module, int[]> shapes = new IdentityHashMap<>();
        TRACE.set(shapes);
        NoGrad noGrad = NoGrad.enter();
        try {
            model.eval();
            model.apply(Variable.constant(input));
        } finally {
            noGrad.close();
            TRACE.remove();
            if (wasTraining) model.train();
        }
        List<Row> rows = new ArrayList<>();
        model.namedModules().forEach((name, m) -> rows.add(new Row(name, name.isEmpty() ? 0 : name.split("\\.").length,
                m.getClass().getSimpleName(), shapes.get(m), m.parameterCount())));
        long buffers = model.namedBuffers().values().stream().mapToLong(Tensor::numel).sum();
        return new Summary(model.getClass().getSimpleName(), rows, model.parameterCount(), buffers);
    }

    /** The table down to maxDepth (the model itself is depth 0), ending with the line "total parameters: N". */
    public String format(int maxDepth) {
        List<String[]> cells = new ArrayList<>();
        cells.add(new String[] {"layer", "type", "output shape", "parameters"});
        for (Row r : rows) {
            if (r.depth() > maxDepth) continue;
            cells.add(new String[] {r.name().isEmpty() ? "(" + model + ")" : r.name(), r.type(),
                    r.outputShape() == null ? "-" : Shape.str(r.outputShape()), String.format(Locale.ROOT, "%,d", r.parameters())});
        }
        int[] width = new int[4];
        for (String[] c : cells) for (int i = 0; i < 4; i++) width[i] = Math.max(width[i], c[i].length());
        StringBuilder sb = new StringBuilder();
        for (String[] c : cells) {
            sb.append(String.format(Locale.ROOT, "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %" + width[3] + "s%n", c[0], c[1], c[2], c[3]));
        }
        if (bufferValues > 0) sb.append(String.format(Locale.ROOT, "buffers (saved, not learned): %,d values%n", bufferValues));
        return sb.append(String.format(Locale.ROOT, "total parameters: %,d%n", parameters)).toString();
    }
}
