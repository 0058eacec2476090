package facet.train.run;

import facet.autograd.Variable;
import facet.nn.Linear;
import facet.nn.Module;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import facet.train.data.loader.Batch;
import facet.train.data.loader.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In-process resume of a task that draws from its own generator every step and is evaluated
 * between checkpoints: a run that dies at step 11 (checkpoints every 4 steps) and is resumed by a
 * fresh task and model writes the metrics.csv and eval.csv of an uninterrupted run. Without the
 * generator's offset in the checkpoint the noise after step 8 would differ.
 */
class ResumeTest {
    @TempDir Path tmp;

    static final class Noisy implements Task {
        final Generator noise = new Generator(42);
        final Linear model = new Linear(4, 1, new Generator(3));
        final int dieAt;
        int steps;

        Noisy(int dieAt) { this.dieAt = dieAt; }

        @Override public Module model() { return model; }

        @Override public Map<String, Generator> generators() { return Map.of("noise", noise); }

        @Override public Step step(Batch b) {
            if (++steps == dieAt) throw new IllegalStateException("killed");
            Tensor x = b.images().reshape(b.size(), 4).add(Tensor.randn(noise, DType.F32, b.size(), 4));
            Variable y = model.apply(Variable.constant(x)).sub(Variable.constant(1.0));
            Variable loss = y.mul(y).mean();
            Map<String, Tensor> v = new LinkedHashMap<>();
            v.put("mse", loss.data());
            v.put("out", y.data().mean());
            return new Step(loss, v);
        }

        @Override public Map<String, Double> evaluate(long step, int epoch) {
            return Map.of("w_sum", model.namedParameters().get("weight").data().sum().item());
        }
    }

    private static final LoopSettings SETTINGS = LoopSettings.of(2, 0.05, 0.01).withCadence(2, 3, true, 4);

    private void run(Path dir, Noisy task, boolean resume) {
        Config c = Config.defaults(ConfigSpec.of("noisy", "test").loopKeys(2, 2, 0.05, 0.01, 0.999));
        PrintWriter quiet = new PrintWriter(new StringWriter());
        RunDir run = resume ? RunDir.resume(dir, c.spec(), quiet) : RunDir.create(dir, c, false, quiet);
        try (Loader loader = Loader.over(NanStopTest.tiny(32)).batchSize(2).shuffle(true).seed(5).workers(1).build()) {
            TrainLoop.run(task, loader, SETTINGS, run);
        }
    }

    @Test void aResumedRunDrawsTheSameNoiseAndWritesTheSameRows() throws Exception {
        Path whole = tmp.resolve("whole"), broken = tmp.resolve("broken");
        Noisy finished = new Noisy(-1);
        run(whole, finished, false);
        for (var p : finished.model().namedParameters().entrySet()) {
            assertNull(p.getValue().grad(), p.getKey() + " kept its last step's gradient (and with it the step's arena)");
        }
        assertThrows(IllegalStateException.class, () -> run(broken, new Noisy(11), false));
        assertTrue(Files.readAllLines(broken.resolve("metrics.csv")).size() > 5, "rows past the step-8 checkpoint, which resume must drop");
        run(broken, new Noisy(-1), true);
        assertEquals(RunFiles.rows(whole.resolve("metrics.csv")), RunFiles.rows(broken.resolve("metrics.csv")));
        List<String> evals = Files.readAllLines(whole.resolve("eval.csv"));
        assertEquals(evals, Files.readAllLines(broken.resolve("eval.csv")));
        assertEquals(1 + 10 + 2, evals.size(), "eval every 3 of 32 steps and at both epoch ends (16 is not a multiple of 3): " + evals);
    }
}
