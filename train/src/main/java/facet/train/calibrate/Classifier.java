package facet.train.calibrate;

import facet.autograd.Variable;

import java.util.List;

/**
 * What calibration needs of a model: logits for a batch and the parameters to update. The
 * small CNN here is the stand-in until the nn module's ResNet-18 can take its place.
 */
public interface Classifier {
    /** x: (N, 3, H, W) -> logits (N, 7). training selects batch statistics in batch norm. */
    Variable logits(Variable x, boolean training);

    List<Variable> parameters();
}
