package facet.train.calibrate;

import facet.autograd.Losses;
import facet.autograd.NoGrad;
import facet.autograd.Variable;
import facet.tensor.Tensor;
import facet.train.data.Expression;
import facet.train.data.FaceDataset;
import facet.train.data.FaceDatasets;
import facet.train.data.Problems;
import facet.train.data.loader.Batch;
import facet.train.data.loader.Loader;
import facet.train.data.synth.Domain;
import facet.train.data.synth.SyntheticFaces;
import facet.train.data.transform.Transform;
import facet.train.data.transform.Transforms;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The generator's calibration: a classifier trained only on the source domain (raf) and tested
 * on every labelled domain. The synthetic domain gap is right when the source test accuracy is
 * high (>= 85%) while the other domains average clearly lower (35%-75%), none at chance: a gap
 * real enough for domain generalisation methods to close part of.
 */
public final class Calibration {
    private Calibration() {}

    /**
     * @param trainCount source training samples; evalCount samples per test split
     * @param size       square input size the classifier sees (every domain is resized to it)
     */
    public record Config(Domain source, int trainCount, int evalCount, int size, int epochs, int batch, double lr, long seed,
                         int threads, int[] widths) {}

    /**
     * One domain's test result: accuracy, mean per-class recall, the accuracy of always answering
     * the most frequent class, and the confusion matrix (rows true class, columns prediction).
     */
    public record Row(String domain, int samples, double accuracy, double balanced, double majority, int[][] confusion) {}

    public record Result(Row source, List<Row> targets, double targetMean, double seconds) {}

    private static final double[] MEAN = {0.5}, STD = {0.25};

    public static Result run(Config c, PrintWriter log) {
        long t0 = System.nanoTime();
        Problems problems = Problems.lenient();
        Transform prep = Transform.of(Transforms.resize(c.size()), Transforms.channels(3));
        log.printf("rendering %d %s training faces at %dx%d...%n", c.trainCount(), c.source().name, c.size(), c.size());
        FaceDataset train = FaceDatasets.cached(new SyntheticFaces(c.source(), "train", c.trainCount(), c.seed()), prep, c.threads(), problems);
        List<FaceDataset> tests = new ArrayList<>();
        for (Domain d : Domain.LABELLED) {
            tests.add(FaceDatasets.cached(new SyntheticFaces(d, d.evalSplit(), c.evalCount(), c.seed()), prep, c.threads(), problems));
        }
        log.printf("rendered in %.0f s%n", (System.nanoTime() - t0) / 1e9);

        Classifier model = new SmallCnn(c.widths(), Expression.COUNT, c.seed());
        Adam opt = new Adam(model.parameters(), 5e-4);
        Transform augment = Transform.of(Transforms.randomCrop(c.size(), c.size(), Math.max(1, c.size() / 12)), Transforms.horizontalFlip(0.5),
                Transforms.normalize(MEAN, STD));
        try (Loader loader = Loader.over(train).batchSize(c.batch()).shuffle(true).dropLast(true).seed(c.seed()).workers(1).prefetch(2)
                .transform(augment).build()) {
            long total = (long) c.epochs() * loader.batchesPerEpoch(), step = 0;
            for (int e = 0; e < c.epochs(); e++) {
                double lossSum = 0;
                int correct = 0, seen = 0;
                long te = System.nanoTime();
                for (Batch b : loader.epoch(e)) {
                    Variable logits = model.logits(Variable.constant(b.images()), true);
                    Variable loss = Losses.crossEntropy(logits, b.labels(), 0.05);
                    loss.backward();
                    opt.step(c.lr() * schedule(step++, total));
                    lossSum += loss.data().item() * b.size();
                    correct += hits(logits.data(), b.labels());
                    seen += b.size();
                }
                log.printf("epoch %2d/%d  loss %.3f  train acc %.3f  %.0f img/s%n", e + 1, c.epochs(), lossSum / seen, correct / (double) seen,
                        seen / ((System.nanoTime() - te) / 1e9));
                log.flush();
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int k = 0; k < tests.size(); k++) rows.add(evaluate(model, Domain.LABELLED.get(k).name, tests.get(k), c.batch()));
        Row source = rows.getFirst();
        List<Row> targets = rows.subList(1, rows.size());
        double mean = targets.stream().mapToDouble(Row::accuracy).average().orElse(0);
        if (problems.count() > 0) log.println(problems.summary());
        return new Result(source, targets, mean, (System.nanoTime() - t0) / 1e9);
    }

    /** Linear warm-up over the first 5% of steps, then cosine decay to zero. */
    static double schedule(long step, long total) {
        long warm = Math.max(1, total / 20);
        if (step < warm) return (step + 1) / (double) warm;
        return 0.5 * (1 + Math.cos(Math.PI * (step - warm) / Math.max(1, total - warm)));
    }

    private static int hits(Tensor logits, Tensor labels) {
        int[] p = logits.argmax(1, false).toIntArray(), y = labels.toIntArray();
        int h = 0;
        for (int i = 0; i < p.length; i++) if (p[i] == y[i]) h++;
        return h;
    }

    static Row evaluate(Classifier model, String name, FaceDataset data, int batch) {
        int n = data.size();
        int[][] confusion = new int[Expression.COUNT][Expression.COUNT];
        try (var ng = NoGrad.enter(); Loader loader = Loader.over(data).batchSize(batch).shuffle(false).workers(0)
                .transform(Transforms.normalize(MEAN, STD)).build()) {
            for (Batch b : loader.epoch(0)) {
                int[] p = model.logits(Variable.constant(b.images()), false).data().argmax(1, false).toIntArray();
                int[] y = b.labels().toIntArray();
                for (int i = 0; i < p.length; i++) confusion[y[i]][p[i]]++;
            }
        }
        int right = 0, most = 0, classes = 0;
        double recall = 0;
        for (int k = 0; k < Expression.COUNT; k++) {
            int row = 0;
            for (int j = 0; j < Expression.COUNT; j++) row += confusion[k][j];
            right += confusion[k][k];
            most = Math.max(most, row);
            if (row > 0) {
                recall += confusion[k][k] / (double) row;
                classes++;
            }
        }
        return new Row(name, n, right / (double) n, recall / Math.max(1, classes), most / (double) n, confusion);
    }

    /** The result as a table with the criteria checked. */
    public static String table(Result r) {
        StringBuilder sb = new StringBuilder(String.format("%-10s %7s %9s %9s %9s%n", "domain", "samples", "accuracy", "balanced", "majority"));
        List<Row> all = new ArrayList<>();
        all.add(r.source());
        all.addAll(r.targets());
        for (Row row : all) {
            sb.append(String.format("%-10s %7d %8.1f%% %8.1f%% %8.1f%%%s%n", row.domain(), row.samples(), 100 * row.accuracy(),
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
        boolean sourceOk = r.source().accuracy() >= 0.85, gapOk = r.targetMean() >= 0.35 && r.targetMean() <= 0.75;
        boolean noneAtChance = r.targets().stream().allMatch(x -> x.accuracy() > Math.max(1.0 / Expression.COUNT, x.majority()) + 0.05);
        sb.append(String.format("target mean %.1f%%; source >= 85%%: %s; target mean in 35-75%%: %s; every target above chance and its majority class: %s (%.0f s)%n",
                100 * r.targetMean(), yes(sourceOk), yes(gapOk), yes(noneAtChance), r.seconds()));
        return sb.toString();
    }

    private static String yes(boolean b) { return b ? "yes" : "NO"; }
}
