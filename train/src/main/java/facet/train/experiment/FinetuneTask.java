package facet.train.experiment;

import facet.nn.Module;
import facet.nn.optim.ParamGroup;
import facet.pded.DomainBatch;
import facet.pded.PdedModel;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import facet.train.data.loader.Batch;
import facet.train.run.Task;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fine-tuning as a {@link Task} of the training loop (Algorithm 1, lines 9 to 11): L_ft = L_exp +
 * lambda2 L_dom (Eq. 13). With one source, each batch of expression images x_e (domain 0) is
 * doubled by its Gaussian-blurred copy x_a (domain 1), blurred on the device; with two sources
 * the loader's domain ids (0 first source, 1 second) are the domain labels and nothing is added.
 * The model defines the step's forward ({@link PdedModel#forwardStep}), the no-decay set and the
 * encoder's layers for MAE's layer-wise lr decay.
 */
public final class FinetuneTask implements Task {
    private final PdedModel model;
    private final Generator generator;
    private final double blurSigma;
    private final boolean multiSource;
    private final Recipe recipe;
    private final Device device;

    /**
     * MAE's fine-tuning practice as the optimizer sees it: layer-wise lr decay over the encoder
     * (1: one rate), whether {@link PdedModel#noWeightDecay} is exempt from weight decay, and the
     * decouplers' lr factor.
     */
    public record Recipe(double layerDecay, boolean noDecayTokens, double decouplerLrScale) {}

    /** generator: the one model was built from; its drop path draws from it, so the checkpoint keeps its position. */
    public FinetuneTask(PdedModel model, Generator generator, double blurSigma, boolean multiSource, Recipe recipe, Device device) {
        this.model = model;
        this.generator = generator;
        this.blurSigma = blurSigma;
        this.multiSource = multiSource;
        this.recipe = recipe;
        this.device = device;
    }

    @Override public Module model() { return model; }

    @Override public List<ParamGroup> paramGroups(double weightDecay) {
        List<ParamGroup> groups = ParamGroup.layerwise(model, weightDecay, recipe.noDecayTokens() ? model.noWeightDecay() : Set.of(),
                model::layerOf, model.layers(), recipe.layerDecay());
        return ParamGroup.rescale(groups, PdedModel::isDecouplerConv, recipe.decouplerLrScale());
    }

    @Override public Map<String, Generator> generators() { return Map.of("model", generator); }

    @Override public Step step(Batch b) {
        Tensor images = b.images().to(device), labels = b.labels().to(device);
        DomainBatch d = multiSource ? new DomainBatch(images, labels, b.domains().to(device)) : DomainBatch.singleSource(images, labels, blurSigma);
        PdedModel.StepTerms s = model.forwardStep(d);
        return new Step(s.losses().total(), s.logged());
    }
}
