package facet.nn.optim;

import facet.autograd.Variable;
import facet.nn.Module;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;

/**
 * Parameters that share hyperparameters: a weight decay and a factor on the optimizer's
 * learning rate. Parameters keep their module names, which key the optimizer's saved state.
 */
public record ParamGroup(Map<String, Variable> params, double weightDecay, double lrScale) {
    public ParamGroup {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if (weightDecay < 0 || lrScale < 0) {
            throw new IllegalArgumentException("ParamGroup: weight decay " + weightDecay + " and lr scale " + lrScale + " must be >= 0");
        }
    }

    /** Every parameter of the module in one group. */
    public static List<ParamGroup> all(Module m, double weightDecay) {
        return List.of(new ParamGroup(m.namedParameters(), weightDecay, 1.0));
    }

    /**
     * The no-decay group then the decayed one (a group without parameters is left out), as timm's
     * {@code param_groups_weight_decay} and MAE build them: biases, 1-d parameters (norm weights and
     * biases) and the names in {@code skip} get no weight decay; decaying them would only pull
     * scales and offsets toward 0, not limit capacity. {@link #layerwise} with one layer.
     */
    public static List<ParamGroup> decayAndNoDecay(Module m, double weightDecay, Set<String> skip) {
        return layerwise(m, weightDecay, skip, name -> 0, 0, 1);
    }

    /**
     * MAE's layer-wise learning-rate decay ({@code param_groups_lrd}): layerOf gives each parameter
     * a layer 0..layers (0 the embedding, i + 1 block i, layers everything after the last block),
     * and layer l learns at decay^(layers - l) of the base rate, so the early layers of a
     * pre-trained encoder move least. Weight decay as {@link #decayAndNoDecay} says. One group per
     * (layer, decayed or not) that has parameters, in layer order; decay 1 gives one rate to all.
     */
    public static List<ParamGroup> layerwise(Module m, double weightDecay, Set<String> skip, ToIntFunction<String> layerOf, int layers,
                                             double decay) {
        if (!(decay > 0 && decay <= 1)) throw new IllegalArgumentException("ParamGroup: layer decay " + decay + " must be in (0, 1]");
        Map<Integer, Map<String, Variable>> decayed = new TreeMap<>(), exempt = new TreeMap<>();
        m.namedParameters().forEach((name, p) -> {
            int layer = layerOf.applyAsInt(name);
            if (layer < 0 || layer > layers) throw new IllegalArgumentException("ParamGroup: " + name + " is in layer " + layer + ", not 0.." + layers);
            boolean noDecay = p.dim() <= 1 || name.endsWith(".bias") || skip.contains(name);
            (noDecay ? exempt : decayed).computeIfAbsent(layer, k -> new LinkedHashMap<>()).put(name, p);
        });
        List<ParamGroup> groups = new ArrayList<>();
        for (int l = 0; l <= layers; l++) {
            double scale = Math.pow(decay, layers - l);
            if (exempt.containsKey(l)) groups.add(new ParamGroup(exempt.get(l), 0.0, scale));
            if (decayed.containsKey(l)) groups.add(new ParamGroup(decayed.get(l), weightDecay, scale));
        }
        return groups;
    }

    /**
     * groups with the parameters whose names pass select moved into groups of their own (same weight
     * decay) that learn at factor times their group's rate; groups left empty are dropped.
     */
    public static List<ParamGroup> rescale(List<ParamGroup> groups, Predicate<String> select, double factor) {
        List<ParamGroup> out = new ArrayList<>();
        for (ParamGroup g : groups) {
            Map<String, Variable> kept = new LinkedHashMap<>(), moved = new LinkedHashMap<>();
            g.params().forEach((name, p) -> (select.test(name) ? moved : kept).put(name, p));
            if (!kept.isEmpty()) out.add(new ParamGroup(kept, g.weightDecay(), g.lrScale()));
            if (!moved.isEmpty()) out.add(new ParamGroup(moved, g.weightDecay(), g.lrScale() * factor));
        }
        return out;
    }
}
