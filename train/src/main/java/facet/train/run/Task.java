package facet.train.run;

import facet.autograd.Variable;
import facet.nn.Module;
import facet.nn.optim.ParamGroup;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import facet.train.data.loader.Batch;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one kind of training does with a batch; {@link TrainLoop} does everything else (AdamW,
 * the schedule, clipping, metrics, progress, evaluation cadence, checkpoints, resume, the NaN
 * stop). Pre-training, fine-tuning and calibration each implement this once.
 */
public interface Task {
    /** The model the optimizer updates and the checkpoint saves (parameters and buffers). */
    Module model();

    /** AdamW's parameter groups; by default weights decay and biases and norm parameters do not. */
    default List<ParamGroup> paramGroups(double weightDecay) { return ParamGroup.decayAndNoDecay(model(), weightDecay, Set.of()); }

    /**
     * The random streams the step draws from (masking noise, dropout, drop-path), by a stable
     * name: the checkpoint saves each one's seed and offset and a resumed run puts them back.
     * The loader's augmentation needs nothing here: it is a pure function of (seed, epoch, index).
     */
    default Map<String, Generator> generators() { return Map.of(); }

    /**
     * Forward on one batch, in training mode: the loss to minimise (the loop runs its backward)
     * and the named scalars to log (losses, accuracy...), as tensors on the device. The loop
     * reads them to the host once per logged step, not every step.
     */
    Step step(Batch batch);

    /** loss: a one-element variable; values: name to one-element tensor, in column order. */
    record Step(Variable loss, Map<String, Tensor> values) {}

    /**
     * Held-out metrics, called every {@code evalEvery} steps and at the end of each epoch when
     * asked for; the model is in eval mode for the call and back in training mode after it.
     */
    default Map<String, Double> evaluate(long step, int epoch) { return Map.of(); }

    /** After the last step of each epoch (and its checkpoint). */
    default void endOfEpoch(int epoch) {}
}
