package facet.nn.optim;

import facet.autograd.Variable;
import facet.nn.Module;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parameters that share hyperparameters: a weight decay and a factor on the optimizer's
 * learning rate. Parameters keep their module names, which key the optimizer's saved state.
 */
public record ParamGroup(Map<String, Variable> params, double weightDecay, double lrScale) {
    public ParamGroup {
        params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        if (weightDecay < 0 || lrScale < 0) {
            throw new IllegalArgumentException("ParamGroup: weight decay " + weightDecay + " and lr scale " + lrScale + " must be >= 0");
        }
    }

    /** Every parameter of the module in one group. */
    public static List<ParamGroup> all(Module m, double weightDecay) {
        return List.of(new ParamGroup(m.namedParameters(), weightDecay, 1.0));
    }

    /**
     * Two groups, as timm's {@code param_groups_weight_decay} and MAE build them: biases, 1-d
     * parameters (norm weights and biases) and the names in {@code skip} get no weight decay;
     * decaying them would only pull scales and offsets toward 0, not limit capacity.
     */
    public static List<ParamGroup> decayAndNoDecay(Module m, double weightDecay, Set<String> skip) {
        Map<String, Variable> decay = new LinkedHashMap<>(), noDecay = new LinkedHashMap<>();
        m.namedParameters().forEach((name, p) -> {
            boolean exempt = p.dim() <= 1 || name.endsWith(".bias") || skip.contains(name);
            (exempt ? noDecay : decay).put(name, p);
        });
        return List.of(new ParamGroup(noDecay, 0.0, 1.0), new ParamGroup(decay, weightDecay, 1.0));
    }
}
