package facet.esgm;

import facet.nn.optim.AdamW;
import facet.nn.optim.ParamGroup;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short phase-1 pre-training on the hand-made faces lowers L_rec and L_mask, and afterwards
 * the patches ESGM masks on held-out faces are far more expression than random masking's.
 */
class PretrainingTest {
    @Test
    void phaseOneLowersBothLossesAndMasksTheFace() {
        EsgmConfig c = TinyFaces.config();
        MaskedAutoencoder model = new MaskedAutoencoder(c, new Generator(11));
        AdamW opt = new AdamW(ParamGroup.all(model, 0.05), 2e-3, 0.9, 0.95, 1e-8);
        Masking masking = new ExpressionMasking();
        TinyFaces train = new TinyFaces(256, 1), held = new TinyFaces(64, 2);
        double[] first = null, last = new double[2];
        int steps = 80, batch = 16;
        for (int s = 0; s < steps; s++) {
            int from = (s * batch) % 256;
            opt.zeroGrad();
            MaskedAutoencoder.LossTerms l = model.forward(train.images.narrow(0, from, batch), train.parsing.narrow(0, from, batch), masking).losses();
            l.total().backward();
            opt.step();
            double[] now = {l.rec().item(), l.mask().item()};
            if (first == null) first = now.clone();
            if (s >= steps - 10) for (int i = 0; i < 2; i++) last[i] += now[i] / 10;
        }
        String seen = String.format("L_rec %.4f -> %.4f, L_mask %.4f -> %.4f", first[0], last[0], first[1], last[1]);
        assertTrue(last[0] < 0.8 * first[0], "L_rec did not fall: " + seen);
        assertTrue(last[1] < 0.5 * first[1], "L_mask did not fall: " + seen);

        model.eval();
        double esgm = maskedFraction(model, held, new ExpressionMasking()), random = maskedFraction(model, held, new RandomMasking(new Generator(3)));
        assertTrue(esgm > random + 0.25, String.format("masked expression fraction: ESGM %.3f, random %.3f; %s", esgm, random, seen));
    }

    /** The mean expression fraction (Eq. 5) of the masked patches. */
    static double maskedFraction(MaskedAutoencoder model, TinyFaces data, Masking m) {
        MaskedAutoencoder.Encoded enc = model.forwardEncoder(data.images, data.parsing, m);
        Tensor mask = enc.masks().mask();
        return enc.target().mul(mask).sum().item() / mask.sum().item();
    }
}
