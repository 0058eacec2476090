package facet.autograd.check;

import java.util.ArrayList;
import java.util.List;

/** Every differentiable op of the engine, as a property spec: the list gradcheck runs. */
public final class Catalog {
    private Catalog() {}

    public static List<OpSpec> all() {
        List<OpSpec> all = new ArrayList<>();
        all.addAll(PointwiseCases.all());
        all.addAll(ShapeCases.all());
        all.addAll(NetworkCases.all());
        return all;
    }

    public static OpSpec byName(String name) {
        return all().stream().filter(s -> s.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("gradcheck: no op named '" + name + "'; ops: "
                        + String.join(", ", all().stream().map(s -> s.name).toList())));
    }
}
