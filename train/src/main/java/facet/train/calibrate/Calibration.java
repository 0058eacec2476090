package facet.train.calibrate;

import facet.autograd.NoGrad;
import facet.autograd.Variable;
import facet.nn.Layer;
import facet.nn.Loss;
import facet.nn.models.ResNet18;
import facet.nn.models.ResNetConfig;
import facet.nn.Module;
import facet.nn.io.JsonWriter;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import facet.train.data.Expression;
import facet.train.experiment.Evaluation;
import facet.train.data.FaceDataset;
import facet.train.data.FaceDatasets;
import facet.train.data.Problems;
import facet.train.data.loader.Batch;
import facet.train.data.loader.Loader;
import facet.train.data.synth.Domain;
import facet.train.data.synth.SyntheticFaces;
import facet.train.data.transform.Transform;
import facet.train.data.transform.Transforms;
import facet.train.run.LoopSettings;
import facet.train.run.RunDir;
import facet.train.run.Task;
import facet.train.run.TrainLoop;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The generator's calibration: a ResNet-18 (small stem, narrowed by a width factor) trained only
 * on the source domain (raf) and tested on every labelled domain. The synthetic domain gap is
 * right when the source test accuracy is high (>= 85%) while the other domains average clearly
 * lower (35%-75%), none at chance: a gap real enough for domain generalisation methods to
 * close part of. See {@link Verdict} for the criteria.
 */
public final class Calibration {
    private Calibration() {}

    /**
     * @param trainCount  source training samples; evalCount samples per test split
     * @param size        square input size the network sees (every domain is resized to it)
     * @param width       ResNet-18 width factor (1.0: stages of 64..512 channels)
     * @param weightDecay AdamW's decoupled decay on conv and linear weights (none on biases and norms)
     */
    public record Config(Domain source, int trainCount, int evalCount, int size, double width, int epochs, int batch, double lr,
                         double weightDecay, long seed, int threads) {
        public Config {
            if (trainCount < batch || evalCount < 1 || size < 8 || width <= 0 || epochs < 1 || batch < 1 || !(lr > 0) || weightDecay < 0) {
                throw new IllegalArgumentException("calibration: need train >= batch >= 1, eval >= 1, size >= 8, width > 0, epochs >= 1, "
                        + "lr > 0 and weight decay >= 0; got " + this);
            }
        }
    }

    /**
     * One domain's test result: accuracy, mean per-class recall, the accuracy of always answering
     * the most frequent class, and the confusion matrix (rows true class, columns prediction).
     */
    public record Row(String domain, int samples, double accuracy, double balanced, double majority, int[][] confusion) {}

    public record Result(Row source, List<Row> targets, double seconds) {
        public double targetMean() { return targets.stream().mapToDouble(Row::accuracy).average().orElse(Double.NaN); }
    }

    /** Grey level 0.5 +- 0.25 maps to 0 +- 1 on every channel (greyscale domains are replicated to RGB first). */
    private static final double[] MEAN = {0.5}, STD = {0.25};
    private static final double LABEL_SMOOTHING = 0.05;

    public static Result run(Config c, PrintWriter log) { return run(c, settings(c), RunDir.none(null, log)); }

    /** The calibration in a run folder (or RunDir.none): a resumed folder continues from its checkpoint. */
    public static Result run(Config c, LoopSettings s, RunDir run) {
        PrintWriter log = run.log();
        long t0 = System.nanoTime();
        Problems problems = Problems.lenient();
        Transform prep = Transform.of(Transforms.resize(c.size()), Transforms.channels(3));
        log.printf("rendering %d %s training faces and %d test faces per domain at %dx%d...%n", c.trainCount(), c.source().name,
                c.evalCount(), c.size(), c.size());
        log.flush();
        FaceDataset train = FaceDatasets.cached(new SyntheticFaces(c.source(), "train", c.trainCount(), c.seed()), prep, c.threads(), problems);
        List<FaceDataset> tests = new ArrayList<>();
        for (Domain d : Domain.LABELLED) {
            tests.add(FaceDatasets.cached(new SyntheticFaces(d, d.evalSplit(), c.evalCount(), c.seed()), prep, c.threads(), problems));
        }
        log.printf("rendered in %.0f s%n", (System.nanoTime() - t0) / 1e9);

        ResNet18 model = new ResNet18(ResNetConfig.small(Expression.COUNT).withWidth(c.width()), new Generator(c.seed()));
        log.printf("model: ResNet-18, small stem, width %.3g (stages %d-%d channels), %,d parameters%n", c.width(),
                model.config.stageWidth(0), model.config.stageWidth(3), model.parameterCount());
        train(model, train, c, s, run);

        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < tests.size(); k++) rows.add(evaluate(model, Domain.LABELLED.get(k).name, tests.get(k), c.batch()));
        if (problems.count() > 0) log.println(problems.summary());
        log.flush();
        Result r = new Result(rows.getFirst(), List.copyOf(rows.subList(1, rows.size())), (System.nanoTime() - t0) / 1e9);
        run.write("results.json", json(r) + "\n");
        return r;
    }

    /** {"source": ROW, "targets": [ROW...], "target_mean", "passed", "seconds"}, ROW = {domain, samples, accuracy, balanced, majority, confusion}. */
    public static String json(Result r) {
        List<Object> targets = new ArrayList<>();
        for (Row t : r.targets()) targets.add(json(t));
        return JsonWriter.object().put("source", json(r.source())).put("targets", targets).put("target_mean", r.targetMean())
                .put("passed", Verdict.of(r).passed()).put("seconds", r.seconds()).toString();
    }

    private static JsonWriter.Obj json(Row row) {
        return JsonWriter.object().put("domain", row.domain()).put("samples", row.samples()).put("accuracy", row.accuracy())
                .put("balanced", row.balanced()).put("majority", row.majority()).put("confusion", row.confusion());
    }

    /**
     * AdamW with warm-up over the first 5% of steps, then cosine decay to 0; cross-entropy with
     * light label smoothing; CIFAR-style augmentation (padded random crop, horizontal flip) and
     * nothing photometric, so the network sees only the source domain's look. The loop is the
     * shared {@link TrainLoop}; a run folder gets metrics.csv, the checkpoint and resume.
     */
    static TrainLoop.Result train(ResNet18 model, FaceDataset data, Config c, LoopSettings s, RunDir run) {
        Transform augment = Transform.of(Transforms.randomCrop(c.size(), c.size(), Math.max(1, c.size() / 12)), Transforms.horizontalFlip(0.5),
                Transforms.normalize(MEAN, STD));
        try (Loader loader = Loader.over(data).batchSize(c.batch()).shuffle(true).dropLast(true).seed(c.seed()).workers(1).prefetch(2)
                .transform(augment).build()) {
            TrainLoop.Result r = TrainLoop.run(new Classify(model), loader, s, run);
            model.eval();
            return r;
        }
    }

    /** The calibration's loop settings: AdamW (0.9, 0.999), 5% warm-up, cosine to 0, a metrics row every step. */
    public static LoopSettings settings(Config c) { return LoopSettings.of(c.epochs(), c.lr(), c.weightDecay()); }

    /** Image classification: label-smoothed cross-entropy; logs the loss and the batch's accuracy. */
    static final class Classify implements Task {
        private final ResNet18 model;
        private final Loss.CrossEntropy criterion = new Loss.CrossEntropy(LABEL_SMOOTHING);

        Classify(ResNet18 model) { this.model = model; }

        @Override public Module model() { return model; }

        @Override public Step step(Batch b) {
            Variable logits = model.apply(Variable.constant(b.images()));
            Variable loss = criterion.forward(logits, b.labels());
            Tensor acc = logits.data().argmax(1, false).to(DType.F32).eq(b.labels().to(DType.F32)).mean();   // stays on the device; class ids are exact in float32
            Map<String, Tensor> values = new LinkedHashMap<>();
            values.put("loss", loss.data());
            values.put("acc", acc);
            return new Step(loss, values);
        }
    }

    /** The model (in eval mode: batch norm on running statistics) on every sample of data (see {@link Evaluation}). */
    static Row evaluate(Layer model, String name, FaceDataset data, int batch) {
        return row(Evaluation.evaluate(model, name, data, Transforms.normalize(MEAN, STD), batch, Device.CPU));
    }

    /** Accuracy, balanced accuracy and majority-class accuracy of a confusion matrix (rows true, columns predicted). */
    static Row row(String name, int[][] confusion) { return row(Evaluation.row(name, confusion)); }

    private static Row row(Evaluation.Row r) { return new Row(r.dataset(), r.samples(), r.accuracy(), r.balanced(), r.majority(), r.confusion()); }

    /** The result as a table: one row per domain, the source's confusion matrix, the target mean and the {@link Verdict}. */
    public static String table(Result r) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-10s %7s %9s %9s %9s%n", "domain", "samples", "accuracy", "balanced", "majority"));
        List<Row> all = new ArrayList<>();
        all.add(r.source());
        all.addAll(r.targets());
        for (Row row : all) {
            sb.append(String.format(Locale.ROOT, "%-10s %7d %8.1f%% %8.1f%% %8.1f%%%s%n", row.domain(), row.samples(), 100 * row.accuracy(),
                    100 * row.balanced(), 100 * row.majority(), row == r.source() ? "  (source, test split)" : ""));
        }
        sb.append("source confusion (rows true, columns predicted):\n").append(String.format("%-10s", ""));
        for (int k = 0; k < Expression.COUNT; k++) sb.append(String.format(" %9s", Expression.of(k).title));
        sb.append('\n');
        for (int k = 0; k < Expression.COUNT; k++) {
            sb.append(String.format("%-10s", Expression.of(k).title));
            for (int j = 0; j < Expression.COUNT; j++) sb.append(String.format(" %9d", r.source().confusion()[k][j]));
            sb.append('\n');
        }
        sb.append(String.format(Locale.ROOT, "target mean %.1f%%; %s (%.0f s)%n", 100 * r.targetMean(), Verdict.of(r), r.seconds()));
        return sb.toString();
    }
}
