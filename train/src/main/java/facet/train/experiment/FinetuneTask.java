package facet.train.experiment;

import facet.nn.Module;
import facet.pded.DomainBatch;
import facet.pded.PdedModel;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Tensor;
import facet.train.data.loader.Batch;
import facet.train.run.Task;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fine-tuning as a {@link Task} of the training loop (Algorithm 1, lines 9 to 11): L_ft = L_exp +
 * lambda2 L_dom (Eq. 13). With one source, each batch of expression images x_e (domain 0) is
 * doubled by its Gaussian-blurred copy x_a (domain 1), blurred on the device; with two sources
 * the loader's domain ids (0 first source, 1 second) are the domain labels and nothing is added.
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

    @Override public Step step(Batch b) {
        Tensor images = b.images().to(device), labels = b.labels().to(device);
        DomainBatch d = multiSource ? new DomainBatch(images, labels, b.domains().to(device)) : DomainBatch.singleSource(images, labels, blurSigma);
        PdedModel.Output out = model.forward(facet.autograd.Variable.constant(d.images()));
        PdedModel.LossTerms l = model.forwardLoss(out, d.expression(), d.domain());
        Map<String, Tensor> values = new LinkedHashMap<>();
        values.put("loss", l.total().data());
        values.put("l_exp", l.expression().data());
        values.put("l_dom", l.domain().data());
        // training accuracy on the whole doubled batch, kept on the device until the loop logs it
        values.put("acc", out.expression().data().argmax(1, false).to(DType.F32).eq(d.expression().to(DType.F32)).mean());
        return new Step(l.total(), values);
    }
}
