package facet.train.experiment;

import facet.esgm.MaskedAutoencoder;
import facet.esgm.Masking;
import facet.nn.Module;
import facet.nn.optim.ParamGroup;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import facet.train.data.loader.Batch;
import facet.train.run.Task;

import java.util.List;
import java.util.Map;

/**
 * One pre-training phase as a {@link Task} of the training loop: the masked autoencoder's
 * forward under a masking strategy, L_pt = L_rec + lambda1 L_mask (Eq. 8) when the batch has
 * parsing maps and the strategy reads them, L_rec alone otherwise. The model defines the losses,
 * their logged names and the no-decay set; the loop runs backward and AdamW.
 *
 * <p>Random masking (the MAE baseline) never sees a parsing map (see
 * {@link facet.esgm.MaskingKind#readsParsing}). Expression (ESGM) and MARLIN masking read the maps
 * in phase 1; in phase 2 there are none and w picks the patches.
 */
public final class PretrainTask implements Task {
    private final MaskedAutoencoder model;
    private final Masking masking;
    private final Generator noise;   // the masking's stream where it draws one (random, marlin), else null
    private final boolean useParsing;
    private final Device device;

    /** noise: the stream masking draws from; parsing: whether this phase feeds the batches' parsing maps (phase 1) or hides them (phase 2). */
    public PretrainTask(MaskedAutoencoder model, Masking masking, Generator noise, boolean parsing, Device device) {
        this.model = model;
        this.masking = masking;
        this.noise = masking.kind().drawsNoise() ? noise : null;
        this.useParsing = parsing && masking.kind().readsParsing();
        this.device = device;
    }

    @Override public Module model() { return model; }

    @Override public List<ParamGroup> paramGroups(double weightDecay) {
        return ParamGroup.decayAndNoDecay(model, weightDecay, model.noWeightDecay());
    }

    @Override public Map<String, Generator> generators() { return noise == null ? Map.of() : Map.of("masking", noise); }

    @Override public Step step(Batch b) {
        Tensor parsing = useParsing && b.parsing() != null ? b.parsing().to(device) : null;
        MaskedAutoencoder.LossTerms l = model.forward(b.images().to(device), parsing, masking).losses();
        return new Step(l.total(), l.logged());
    }
}
