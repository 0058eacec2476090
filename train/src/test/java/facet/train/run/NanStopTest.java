package facet.train.run;

import facet.autograd.Variable;
import facet.nn.Linear;
import facet.nn.Module;
import facet.nn.io.SafeTensors;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import facet.train.data.Example;
import facet.train.data.FaceDataset;
import facet.train.data.FaceDatasets;
import facet.train.data.Image;
import facet.train.data.loader.Batch;
import facet.train.data.loader.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A loss that turns NaN at a known step stops the run naming it; the checkpoint on disk is the last good one. */
class NanStopTest {
    @TempDir Path tmp;

    /** A linear regression to 0 whose loss is multiplied by NaN from step badStep (1-based) on. */
    static final class Poisoned implements Task {
        final Linear model = new Linear(4, 1, new Generator(3));
        final int badStep;
        int steps;

        Poisoned(int badStep) { this.badStep = badStep; }

        @Override public Module model() { return model; }

        @Override public Step step(Batch b) {
            steps++;
            Variable y = model.apply(Variable.constant(b.images().reshape(b.size(), 4)));
            Variable loss = y.mul(y).mean().mul(Variable.constant(Tensor.scalar(steps >= badStep ? Double.NaN : 1.0)));
            return new Step(loss, Map.of("mse", loss.data()));
        }
    }

    static FaceDataset tiny(int n) {
        List<Example> xs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Image img = new Image(1, 2, 2);
            for (int k = 0; k < 4; k++) img.data[k] = (i * 7 + k * 3) % 5 - 2f;
            xs.add(new Example(img, null, 0, i, "tiny"));
        }
        return FaceDatasets.of("tiny", xs);
    }

    @Test void nanAtStepFiveStopsNamingItAndKeepsTheCheckpointOfStepFour() throws Exception {
        Path dir = tmp.resolve("run");
        Config c = Config.defaults(ConfigSpec.of("nan", "test").loopKeys(3, 2, 0.01, 0, 0.999));
        StringWriter console = new StringWriter();
        RunDir run = RunDir.create(dir, c, false, new PrintWriter(console));
        // rows every 3 steps and a checkpoint every 4: the NaN of step 5 is found at step 6's read
        LoopSettings s = LoopSettings.of(3, 0.01, 0).withCadence(3, 0, false, 4);
        try (Loader loader = Loader.over(tiny(32)).batchSize(2).shuffle(true).seed(1).workers(0).build()) {
            NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> TrainLoop.run(new Poisoned(5), loader, s, run));
            assertEquals(5, e.step, e.getMessage());
            assertEquals("mse", e.name);
            assertTrue(e.getMessage().contains("step 5") && e.getMessage().contains("'mse'") && e.getMessage().contains("checkpoint.safetensors"),
                    e.getMessage());
        }
        try (SafeTensors.Reader r = SafeTensors.open(dir.resolve("checkpoint.safetensors"))) {
            assertEquals("4", r.metadata().get("facet.step"), "the checkpoint on disk is step 4's");
            for (String k : r.entries().keySet()) {
                float[] v = r.read(k).toFloatArray();
                for (float x : v) assertTrue(Float.isFinite(x), k + " holds " + x + " in the kept checkpoint");
            }
        }
        List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
        assertEquals(2, rows.size(), "header and step 3's row only: " + rows);
        assertTrue(rows.get(1).startsWith("3,"), rows.get(1));
    }
}
