package facet.train.calibrate;

import facet.autograd.Losses;
import facet.autograd.Variable;
import facet.tensor.Tensor;
import facet.train.data.loader.Batch;
import facet.train.data.loader.Loader;
import facet.train.data.synth.Domain;
import facet.train.data.synth.SyntheticFaces;
import facet.train.data.transform.Transform;
import facet.train.data.transform.Transforms;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class SmallCnnTest {
    @Test
    void adamOnOneBatchOfFacesDrivesTheLossDown() {
        var faces = new SyntheticFaces(Domain.RAF, "train", 32, 1);
        Batch b;
        try (Loader l = Loader.over(faces).batchSize(32).shuffle(false).workers(2)
                .transform(Transform.of(Transforms.resize(16), Transforms.normalize(new double[] {0.5}, new double[] {0.25}))).build()) {
            b = l.epoch(0).iterator().next();
        }
        SmallCnn net = new SmallCnn(new int[] {8, 16}, 7, 3);
        Adam opt = new Adam(net.parameters(), 0);
        double first = Double.NaN, last = Double.NaN;
        for (int step = 0; step < 40; step++) {
            Variable loss = Losses.crossEntropy(net.logits(Variable.constant(b.images()), true), b.labels(), 0);
            loss.backward();
            opt.step(0.01);
            last = loss.data().item();
            if (step == 0) first = last;
        }
        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
        Tensor logits = net.logits(Variable.constant(b.images()), false).data();
        assertArrayEquals(new int[] {32, 7}, logits.shape());
    }

    @Test
    void scheduleWarmsUpThenDecaysToZero() {
        assertEquals(0.1, Calibration.schedule(0, 200), 1e-12);
        assertEquals(1.0, Calibration.schedule(10, 200), 1e-12);
        assertEquals(0.5, Calibration.schedule(105, 200), 1e-12);
        assertTrue(Calibration.schedule(199, 200) < 1e-3);
    }
}
