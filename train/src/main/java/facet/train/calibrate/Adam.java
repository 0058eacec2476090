package facet.train.calibrate;

import facet.autograd.Variable;
import facet.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * AdamW over a list of parameters, each step one call of the backend's fused update (in place
 * on the parameter and its two moments). The nn module's optimizer replaces this once it lands.
 */
public final class Adam {
    private final List<Variable> params;
    private final List<Tensor> m = new ArrayList<>(), v = new ArrayList<>();
    private final double beta1, beta2, eps, weightDecay;
    private long step;

    public Adam(List<Variable> params, double weightDecay) {
        this.params = List.copyOf(params);
        this.beta1 = 0.9;
        this.beta2 = 0.999;
        this.eps = 1e-8;
        this.weightDecay = weightDecay;
        for (Variable p : params) {
            m.add(Tensor.zerosLike(p.data()));
            v.add(Tensor.zerosLike(p.data()));
        }
    }

    /** One update with learning rate lr from the gradients of the last backward; then clears them. */
    public void step(double lr) {
        step++;
        for (int k = 0; k < params.size(); k++) {
            Variable p = params.get(k);
            if (p.grad() == null) continue;
            p.data().backend().adamw(p.data(), p.grad(), m.get(k), v.get(k), lr, beta1, beta2, eps, weightDecay, step);
            p.zeroGrad();
        }
    }
}
