package facet.esgm;

import facet.autograd.Variable;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import static facet.GradientAsserts.assertGradient;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model's pieces by hand: patches, Eq. 5 and 6, where gradients go, shapes through encoder and decoder. */
class MaskedAutoencoderTest {
    final MaskedAutoencoder model = new MaskedAutoencoder(TinyFaces.config(), new Generator(3));

    @Test
    void patchifyLaysOutRowsThenColumnsThenChannelsAndUnpatchifyInvertsIt() {
        Tensor imgs = Tensor.randn(new Generator(1), DType.F32, 2, 3, 16, 16);
        Tensor p = model.patchify(imgs);
        assertArrayEquals(new int[] {2, 16, 48}, p.shape());
        // pixel (b=1, c=2, y=9, x=6) is in patch (2, 1) = 9, at row 1, column 2 of it: index (1 * 4 + 2) * 3 + 2
        assertEquals(imgs.get(1, 2, 9, 6), p.get(1, 9, (4 + 2) * 3 + 2));
        assertArrayEquals(imgs.toFloatArray(), model.unpatchify(p).toFloatArray());
    }

    @Test
    void expressionTargetAndMaskLossByHand() {
        // one 4x4 map, patch 2: patch 0 all skin (1), patch 1 half nose (2) half hair (13), patch 2 one eye_g (3, not in the set)
        // and three l_lip (12), patch 3 background (0) and one mouth (10)
        int[] map = {1, 1, 2, 13,
                     1, 1, 2, 13,
                     3, 12, 0, 10,
                     12, 12, 0, 0};
        Tensor f = ExpressionTarget.fractions(Tensor.ofInts(map, 1, 4, 4), 2, EsgmConfig.EXPRESSION_PARTS);
        assertArrayEquals(new float[] {1, 0.5f, 0.75f, 0.25f}, f.toFloatArray());
        Tensor w = Tensor.of(new float[] {0.5f, 0.5f, 1, 0, 0.25f, 0.5f, 0.75f, 1}, 2, 4);
        Tensor t = Tensor.of(new float[] {1, 0.5f, 0.75f, 0.25f, 1, 0.5f, 0.75f, 0.25f}, 2, 4);
        // row 0: 0.5 + 0 + 0.25 + 0.25 = 1; row 1: 0.75 + 0 + 0 + 0.75 = 1.5; mean over the batch 1.25
        assertEquals(1.25, ExpressionTarget.maskLoss(Variable.constant(w), t).item(), 1e-6);
    }

    /** L_rec trains every encoder and decoder parameter and nothing of the block; L_mask every parameter of the block and nothing else. */
    @Test
    void reconstructionLossSendsNoGradientToTheMaskWeightsAndMaskLossOnlyThere() {
        TinyFaces data = new TinyFaces(4, 5);
        MaskedAutoencoder.Output out = model.forward(data.images, data.parsing, new ExpressionMasking());
        out.losses().rec().backward();
        model.namedParameters().forEach((name, p) -> {
            if (name.startsWith("mask_weight.")) {
                Tensor g = p.grad();
                assertTrue(g == null || g.abs().max(false).item() == 0, "L_rec reached " + name);
            } else {
                assertGradient("L_rec", name, p);
            }
        });
        model.zeroGrad();
        out = model.forward(data.images, data.parsing, new ExpressionMasking());
        out.losses().mask().backward();
        model.namedParameters().forEach((name, p) -> {
            if (name.startsWith("mask_weight.")) assertGradient("L_mask", name, p);
            else assertNull(p.grad(), "L_mask reached " + name);
        });
    }

    @Test
    void encoderSeesOnlyTheVisiblePatchesAndTheDecoderPredictsEveryPatch() {
        TinyFaces data = new TinyFaces(3, 6);
        MaskedAutoencoder.Encoded enc = model.forwardEncoder(data.images, data.parsing, new RandomMasking(new Generator(2)));
        assertArrayEquals(new int[] {3, 1 + 12, 32}, enc.latent().shape(), "class token plus 12 of 16 patches");
        assertArrayEquals(new int[] {3, 2, 16, 16}, enc.weights().attention().shape());
        assertArrayEquals(new int[] {3, 16}, enc.weights().attentionPerPatch().shape());
        Variable pred = model.forwardDecoder(enc.latent(), enc.masks().idsRestore());
        assertArrayEquals(new int[] {3, 16, 48}, pred.shape());
        assertArrayEquals(new int[] {3, 3, 16, 16}, model.reconstruction(data.images, pred.data()).shape());
        // with every patch visible in patch order, the split encoder path equals forwardTokens
        Tensor all = model.forwardBlocks(model.prependClassToken(model.embedPatches(Variable.constant(data.images)))).data();
        assertArrayEquals(model.forwardTokens(Variable.constant(data.images)).data().toFloatArray(), all.toFloatArray());
    }

    /** The other GAP reading (over tokens) still gives one weight in (0, 1) per patch, trained by L_mask. */
    @Test
    void poolingOverTokensIsTheOtherReading() {
        EsgmConfig c = TinyFaces.config().withWeightBlock(new EsgmConfig.WeightBlock(2, 64, EsgmConfig.GapOver.TOKENS));
        MaskedAutoencoder m = new MaskedAutoencoder(c, new Generator(4));
        assertArrayEquals(new int[] {64, 32}, m.maskWeight.fc1.weight.shape(), "fc1 reads the pooled D = 32 features");
        TinyFaces data = new TinyFaces(3, 8);
        MaskedAutoencoder.Output out = m.forward(data.images, data.parsing, new ExpressionMasking());
        Tensor w = out.encoded().weights().w().data();
        assertArrayEquals(new int[] {3, 16}, w.shape());
        assertTrue(w.min(false).item() > 0 && w.max(false).item() < 1, "w outside (0, 1): " + w);
        out.losses().mask().backward();
        assertGradient("L_mask", "mask_weight.fc1.weight", m.maskWeight.fc1.weight);
    }

    /** Fig. 5's pieces: the masked input blacks out exactly the removed patches; a fixed masking replays another model's masks. */
    @Test
    void maskedInputAndFixedMasks() {
        TinyFaces data = new TinyFaces(2, 9);
        Masking.Result r = new RandomMasking(new Generator(5)).select(new Masking.Inputs(Tensor.zeros(2, 16), null, 4));
        Tensor shown = model.patchify(model.maskedInput(data.images, r.mask())), all = model.patchify(data.images);
        float[] mask = r.mask().toFloatArray();
        for (int i = 0; i < 32; i++) {
            Tensor patch = shown.narrow(0, i / 16, 1).narrow(1, i % 16, 1), orig = all.narrow(0, i / 16, 1).narrow(1, i % 16, 1);
            assertArrayEquals(mask[i] == 1 ? new float[48] : orig.toFloatArray(), patch.toFloatArray(), "patch " + i + " mask " + mask[i]);
        }
        MaskedAutoencoder.Encoded enc = model.forwardEncoder(data.images, null, Masking.fixed(MaskingKind.RANDOM, r));
        assertArrayEquals(r.idsKeep().toIntArray(), enc.masks().idsKeep().toIntArray());
    }

    @Test
    void phaseTwoHasNoMaskLoss() {
        TinyFaces data = new TinyFaces(2, 7);
        MaskedAutoencoder.LossTerms l = model.forward(data.images, null, new ExpressionMasking()).losses();
        assertEquals(null, l.mask());
        assertEquals(l.rec().item(), l.total().item());
    }
}
