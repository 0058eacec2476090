package facet.train.experiment;

import facet.nn.Module;
import facet.nn.optim.ParamGroup;
import facet.pded.DomainBatch;
import facet.pded.PdedModel;
import facet.tensor.Device;
import facet.tensor.Tensor;
import facet.train.data.loader.Batch;
import facet.train.run.Task;

import java.util.List;

/**
 * Fine-tuning as a {@link Task} of the training loop (Algorithm 1, lines 9 to 11): L_ft = L_exp +
 * lambda2 L_dom (Eq. 13). With one source, each batch of expression images x_e (domain 0) is
 * doubled by its Gaussian-blurred copy x_a (domain 1), blurred on the device; with two sources
 * the loader's domain ids (0 first source, 1 second) are the domain labels and nothing is added.
 * The model defines the step's forward ({@link PdedModel#forwardStep}) and the no-decay set.
 */
public final class FinetuneTask implements Task {
    private final PdedModel model;
    private final double blurSigma;
    private final boolean multiSource;
    private final Device device;

    public FinetuneTask(PdedModel model, double blurSigma, boolean multiSource, Device device) {
        this.model = model;
        this.blurSigma = blurSigma;
        this.multiSource = multiSource;
        this.device = device;
    }

    @Override public Module model() { return model; }

    @Override public List<ParamGroup> paramGroups(double weightDecay) {
        return ParamGroup.decayAndNoDecay(model, weightDecay, model.noWeightDecay());
    }

    @Override public Step step(Batch b) {
        Tensor images = b.images().to(device), labels = b.labels().to(device);
        DomainBatch d = multiSource ? new DomainBatch(images, labels, b.domains().to(device)) : DomainBatch.singleSource(images, labels, blurSigma);
        PdedModel.StepTerms s = model.forwardStep(d);
        return new Step(s.losses().total(), s.logged());
    }
}
