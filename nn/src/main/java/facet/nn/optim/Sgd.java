package facet.nn.optim;

import facet.autograd.Variable;
import facet.tensor.Tensor;

import java.util.List;
import java.util.Set;

/**
 * Stochastic gradient descent as PyTorch defines it: g = grad + wd p (L2, coupled);
 * with momentum m: buf = m buf + g (buf = g on the first step), then the step direction is
 * buf, or g + m buf with Nesterov; p -= lr * direction.
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final boolean nesterov;

    public Sgd(List<ParamGroup> groups, double lr, double momentum, boolean nesterov) {
        super(groups, lr, Set.of("momentum_buffer"));
        if (momentum < 0 || (nesterov && momentum == 0)) {
            throw new IllegalArgumentException("Sgd: momentum " + momentum + " must be >= 0, and > 0 with Nesterov");
        }
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override protected void update(String name, Variable p, double lr, double weightDecay) {
        Tensor w = p.data(), g = p.grad();
        if (weightDecay != 0) g = g.add(w.mul(weightDecay));
        if (momentum != 0) {
            Tensor buf = slotOrNull(name, "momentum_buffer");
            buf = buf == null ? g : buf.mul(momentum).add(g);
            setSlot(name, "momentum_buffer", buf);
            g = nesterov ? g.add(buf.mul(momentum)) : buf;
        }
        w.assign(w.sub(g.mul(lr)));
    }
}
