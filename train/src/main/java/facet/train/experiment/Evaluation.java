package facet.train.experiment;

import facet.autograd.NoGrad;
import facet.autograd.Variable;
import facet.nn.Layer;
import facet.tensor.Device;
import facet.train.data.Expression;
import facet.train.data.FaceDataset;
import facet.train.data.loader.Batch;
import facet.train.data.loader.Loader;
import facet.train.data.transform.Transform;

import java.util.List;

/**
 * A classifier tested on labelled datasets: accuracy, mean per-class recall, the accuracy of
 * always answering the most frequent class (the floor any useful model must clear), and the
 * confusion matrix (rows true class, columns prediction, {@link Expression} order).
 */
public final class Evaluation {
    private Evaluation() {}

    public record Row(String dataset, int samples, double accuracy, double balanced, double majority, int[][] confusion) {
        /** Whether the model beats always answering the most frequent class. */
        public boolean beatsMajority() { return accuracy > majority; }
    }

    /** The model (in eval mode: batch norm on running statistics) on every sample of data, after prep. */
    public static Row evaluate(Layer model, String name, FaceDataset data, Transform prep, int batch, Device device) {
        int[][] confusion = new int[Expression.COUNT][Expression.COUNT];
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var ng = NoGrad.enter(); Loader loader = Loader.over(data).batchSize(batch).shuffle(false).workers(0).transform(prep).build()) {
            for (Batch b : loader.epoch(0)) {
                int[] p = model.apply(Variable.constant(b.images().to(device))).data().argmax(1, false).toIntArray();
                int[] y = b.labels().toIntArray();
                for (int i = 0; i < p.length; i++) if (y[i] >= 0) confusion[y[i]][p[i]]++;
            }
        } finally {
            if (wasTraining) model.train();
        }
        return row(name, confusion);
    }

    /** Accuracy, balanced accuracy and majority-class accuracy of a confusion matrix (rows true, columns predicted). */
    public static Row row(String name, int[][] confusion) {
        int n = 0, right = 0, most = 0, classes = 0;
        double recall = 0;
        for (int k = 0; k < confusion.length; k++) {
            int row = 0;
            for (int j = 0; j < confusion[k].length; j++) row += confusion[k][j];
            n += row;
            right += confusion[k][k];
            most = Math.max(most, row);
            if (row > 0) {
                recall += confusion[k][k] / (double) row;
                classes++;
            }
        }
        if (n == 0) throw new IllegalArgumentException("evaluation: dataset " + name + " has no labelled samples");
        return new Row(name, n, right / (double) n, recall / classes, most / (double) n, confusion);
    }

    /** Mean accuracy over rows. */
    public static double meanAccuracy(List<Row> rows) { return rows.stream().mapToDouble(Row::accuracy).average().orElse(Double.NaN); }
}
