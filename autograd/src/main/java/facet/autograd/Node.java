package facet.autograd;

import facet.tensor.Tensor;

/**
 * The op that produced a Variable: its inputs and its backward rule. The rule holds what the
 * forward saved; {@link #free()} drops it after a backward pass so the memory goes with it.
 */
final class Node {
    /** Maps the gradient of the output to one gradient per input (null where none is needed). */
    @FunctionalInterface
    interface Rule {
        Tensor[] grads(Tensor dOut, boolean[] needs);
    }

    final String op;
    final Variable[] inputs;
    final boolean[] needs;
    private Rule rule;

    Node(String op, Rule rule, Variable[] inputs) {
        this.op = op;
        this.rule = rule;
        this.inputs = inputs;
        this.needs = new boolean[inputs.length];
        for (int i = 0; i < inputs.length; i++) needs[i] = inputs[i].requiresGrad();
    }

    Tensor[] backward(Tensor dOut) {
        if (rule == null) {
            throw new IllegalStateException("backward: the graph through '" + op + "' was freed by an earlier backward(); "
                    + "pass retainGraph=true to the first backward to run it again");
        }
        return rule.grads(dOut, needs);
    }

    void free() { rule = null; }
}
