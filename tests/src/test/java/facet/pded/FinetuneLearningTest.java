package facet.pded;

import facet.nn.optim.AdamW;
import facet.nn.optim.ParamGroup;
import facet.tensor.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fine-tuning learns on a hand-made two-domain problem: the class is the orientation of stripes
 * (horizontal, vertical, diagonal; random period and phase, noise), the domain a style laid over
 * them (domain 1: a colour cast and halved contrast). The model's training step with AdamW must lower both
 * L_exp and L_dom, from pixels and from a (randomly initialised) encoder.
 */
class FinetuneLearningTest {
    static final int SIZE = 16, BATCH = 24, BATCHES = 4, STEPS = 32;

    record Batch(Tensor images, Tensor expression, Tensor domain) {}

    static Batch batch(SplittableRandom r) {
        float[] x = new float[BATCH * 3 * SIZE * SIZE];
        int[] y = new int[BATCH], d = new int[BATCH];
        double[][] dir = {{1, 0}, {0, 1}, {1, 1}};
        for (int n = 0; n < BATCH; n++) {
            int k = r.nextInt(3), dom = n % 2;
            y[n] = k;
            d[n] = dom;
            double period = 3 + 2 * r.nextDouble(), phase = 2 * Math.PI * r.nextDouble();
            double[] cast = dom == 1 ? new double[] {0.8, 0, -0.6} : new double[3];
            double contrast = dom == 1 ? 0.5 : 1;
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < SIZE; i++) {
                    for (int j = 0; j < SIZE; j++) {
                        double wave = Math.sin(2 * Math.PI * (dir[k][0] * i + dir[k][1] * j) / period + phase);
                        x[((n * 3 + c) * SIZE + i) * SIZE + j] = (float) (contrast * wave + cast[c] + 0.3 * r.nextGaussian());
                    }
                }
            }
        }
        return new Batch(Tensor.of(x, BATCH, 3, SIZE, SIZE), Tensor.ofInts(y, BATCH), Tensor.ofInts(d, BATCH));
    }

    @ParameterizedTest
    @EnumSource(PdedConfig.Input.class)
    void fineTuningLowersBothLosses(PdedConfig.Input input) {
        PdedModel model = Tiny.model(Tiny.sixteen(input, 1 / 16.0), 31);
        AdamW opt = new AdamW(ParamGroup.decayAndNoDecay(model, 0, model.noWeightDecay()), 3e-3, 0.9, 0.999, 1e-8);
        SplittableRandom r = new SplittableRandom(32);
        Batch[] data = new Batch[BATCHES];
        for (int b = 0; b < BATCHES; b++) data[b] = batch(r);
        double[] exp = new double[STEPS], dom = new double[STEPS];
        for (int s = 0; s < STEPS; s++) {
            Batch b = data[s % BATCHES];
            opt.zeroGrad();
            PdedModel.LossTerms l = model.forwardStep(new DomainBatch(b.images(), b.expression(), b.domain())).losses();
            l.total().backward();
            opt.step();
            exp[s] = l.expression().item();
            dom[s] = l.domain().item();
        }
        String trace = input + ": L_exp " + fmt(exp) + "\n  L_dom " + fmt(dom);
        assertTrue(mean(exp, STEPS - 8, STEPS) < 0.5 * mean(exp, 0, 4), "L_exp did not halve: " + trace);
        assertTrue(mean(dom, STEPS - 8, STEPS) < 0.5 * mean(dom, 0, 4), "L_dom did not halve: " + trace);
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += v[i];
        return s / (to - from);
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i += 4) sb.append(String.format(" %.3f", v[i]));
        return sb.toString();
    }
}
