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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One pre-training phase as a {@link Task} of the training loop: the masked autoencoder's
 * forward under a masking strategy, L_pt = L_rec + lambda1 L_mask (Eq. 8) when the batch has
 * parsing maps and the strategy learns from them, L_rec alone otherwise.
 *
 * <p>Random masking (the MAE baseline) never sees a parsing map: its mask-weight block is not
 * trained and L_mask is not logged, so the baseline is MAE as published. Expression (ESGM) and
 * MARLIN masking read the maps in phase 1; in phase 2 there are none and w picks the patches.
 */
public final class PretrainTask implements Task {
    private final MaskedAutoencoder model;
    private final Masking masking;
    private final Generator noise;   // the masking's stream (random, marlin), null for expression
    private final boolean useParsing;
    private final Device device;

    /** parsing: whether this phase feeds the batches' parsing maps (phase 1) or hides them (phase 2). */
    public PretrainTask(MaskedAutoencoder model, Masking masking, Generator noise, boolean parsing, Device device) {
        this.model = model;
        this.masking = masking;
        this.noise = noise;
        this.useParsing = parsing && !masking.name().equals("random");
        this.device = device;
    }

    @Override public Module model() { return model; }

    /** MAE's groups: no decay on biases, norms, the class and mask tokens and the position tables. */
    @Override public List<ParamGroup> paramGroups(double weightDecay) {
        return ParamGroup.decayAndNoDecay(model, weightDecay, Set.of("cls_token", "mask_token", "pos_embed", "decoder_pos_embed"));
    }

    @Override public Map<String, Generator> generators() { return noise == null ? Map.of() : Map.of("masking", noise); }

    @Override public Step step(Batch b) {
        Tensor parsing = useParsing && b.parsing() != null ? b.parsing().to(device) : null;
        MaskedAutoencoder.LossTerms l = model.forward(b.images().to(device), parsing, masking).losses();
        Map<String, Tensor> values = new LinkedHashMap<>();
        values.put("loss", l.total().data());
        values.put("l_rec", l.rec().data());
        if (l.mask() != null) values.put("l_mask", l.mask().data());
        return new Step(l.total(), values);
    }
}
