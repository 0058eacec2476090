package facet.nn;

import facet.autograd.Variable;

import java.util.List;

/** Layers applied in order, registered as children "0", "1", ... (PyTorch's names for them). */
public final class Sequential extends Layer {
    private final List<Layer> layers;

    public Sequential(Layer... layers) {
        this.layers = List.of(layers);
        for (int i = 0; i < layers.length; i++) child(String.valueOf(i), layers[i]);
    }

    @Override protected Variable forward(Variable x) {
        for (Layer l : layers) x = l.apply(x);
        return x;
    }
}
