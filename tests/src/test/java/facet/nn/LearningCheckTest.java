package facet.nn;

import facet.autograd.NoGrad;
import facet.autograd.Variable;
import facet.nn.models.ResNet18;
import facet.nn.models.ResNetConfig;
import facet.nn.models.ViTConfig;
import facet.nn.models.VisionTransformer;
import facet.nn.optim.AdamW;
import facet.nn.optim.GradClip;
import facet.nn.optim.LrSchedule;
import facet.nn.optim.ParamGroup;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole stack learns: a small ViT and a small ResNet-18 each fit a toy image task with
 * AdamW and the warm-up + cosine schedule. The task: 16x16 RGB images of stripes in one of
 * four orientations (the class), with random period, phase, contrast per channel and noise,
 * so neither position nor colour gives the answer away.
 */
class LearningCheckTest {
    static final int N = 128, SIZE = 16, CLASSES = 4, BATCH = 32;

    record Task(Tensor images, Tensor labels) {}

    static Task stripes(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[N * 3 * SIZE * SIZE];
        int[] y = new int[N];
        double[][] dir = {{1, 0}, {0, 1}, {1, 1}, {1, -1}};   // the wave vector of each class
        for (int n = 0; n < N; n++) {
            int k = n % CLASSES;
            y[n] = k;
            double period = 3 + 3 * r.nextDouble(), phase = 2 * Math.PI * r.nextDouble();
            for (int c = 0; c < 3; c++) {
                double contrast = 0.5 + r.nextDouble();
                for (int i = 0; i < SIZE; i++) {
                    for (int j = 0; j < SIZE; j++) {
                        double wave = Math.sin(2 * Math.PI * (dir[k][0] * i + dir[k][1] * j) / period + phase);
                        x[((n * 3 + c) * SIZE + i) * SIZE + j] = (float) (contrast * wave + 0.3 * r.nextGaussian());
                    }
                }
            }
        }
        return new Task(Tensor.of(x, N, 3, SIZE, SIZE), Tensor.ofInts(y, N));
    }

    /** Trains with AdamW (no decay on biases and norms), warm-up + cosine and gradient clipping at norm 1; returns the training accuracy in eval mode. */
    static double fit(Layer model, Task task, int epochs, double lr) {
        int steps = epochs * (N / BATCH);
        AdamW opt = new AdamW(ParamGroup.decayAndNoDecay(model, 0.05, Set.of()), lr, 0.9, 0.999, 1e-8);
        LrSchedule schedule = LrSchedule.warmupCosine(lr, lr / 100, steps / 10, steps);
        Loss.CrossEntropy loss = new Loss.CrossEntropy(0);
        model.train();
        for (int step = 0; step < steps; step++) {
            int from = (step % (N / BATCH)) * BATCH;
            opt.setLr(schedule.at(step));
            opt.zeroGrad();
            loss.forward(model.apply(Variable.constant(task.images().narrow(0, from, BATCH))), task.labels().narrow(0, from, BATCH)).backward();
            GradClip.globalNorm(model.parameters(), 1.0);
            opt.step();
        }
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            Tensor predicted = model.apply(Variable.constant(task.images())).data().argmax(1, false);
            return predicted.to(DType.F32).eq(task.labels().to(DType.F32)).mean().item();
        }
    }

    static void check(String name, Layer model, int epochs, double lr) {
        long t0 = System.nanoTime();
        double acc = fit(model, stripes(7), epochs, lr);
        System.out.printf("learning check: %s (%,d parameters), %d epochs of %d images: training accuracy %.1f%% in %.1f s%n",
                name, model.parameterCount(), epochs, N, 100 * acc, (System.nanoTime() - t0) / 1e9);
        assertTrue(acc >= 0.95, name + " reached only " + acc + " training accuracy");
    }

    @Test
    void aSmallVitFitsTheToyTask() {
        ViTConfig c = new ViTConfig(SIZE, 4, 3, 32, 2, 2, 2.0, CLASSES, true, ViTConfig.PosEmbed.SINCOS, ViTConfig.Pool.MEAN, 0, 0);
        check("ViT 16/4, dim 32, depth 2", new VisionTransformer(c, new Generator(11)), 15, 3e-3);
    }

    @Test
    void aSmallResNetFitsTheToyTask() {
        check("ResNet-18 small stem, width 1/8", new ResNet18(ResNetConfig.small(CLASSES).withWidth(0.125), new Generator(12)), 6, 3e-3);
    }
}
