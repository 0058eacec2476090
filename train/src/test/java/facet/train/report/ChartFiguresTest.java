package facet.train.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartFiguresTest {
    @TempDir Path temp;

    @Test
    void curvesHaveTwoPanelsAndATitleBand() throws Exception {
        int n = 300;
        double[] step = new double[n], rec = new double[n], mask = new double[n], acc = new double[n];
        for (int i = 0; i < n; i++) {
            step[i] = i * 10;
            rec[i] = 0.05 + 2.0 * Math.exp(-i / 40.0) + 0.02 * Math.sin(i);
            mask[i] = 0.5 * Math.exp(-i / 90.0) + 0.01;
            acc[i] = i % 20 == 0 ? 90 - 75 * Math.exp(-i / 60.0) : Double.NaN; // evaluated every 20 steps
        }
        Path png = PngCheck.dir(temp).resolve("curves.png");
        CurvesFigure.write(png, "ESGM pre-training (sample data)",
            List.of(new Series("L_rec", step, rec), new Series("L_mask", step, mask)),
            List.of(new Series("val accuracy", step, acc)));
        PngCheck.read(png, 2 * 760, 500 + 44, 200);
    }

    @Test
    void curvesFromACsvSortColumnsIntoPanels() throws Exception {
        Path csv = temp.resolve("metrics.csv");
        // as TrainLoop writes it: accuracies as fractions
        Files.writeString(csv, "step,loss,train_acc,lr\n0,2.0,,0.1\n1,1.5,0.40,0.1\n2,1.1,,0.1\n3,0.9,0.61,0.1\n");
        var cols = CurvesFigure.readColumns(csv, "step");
        assertEquals(List.of("loss", "train_acc", "lr"), List.copyOf(cols.keySet()));
        assertEquals(2, cols.get("train_acc").finite().x().length, "empty cells are skipped");
        var panels = CurvesFigure.panels(cols);
        assertEquals(List.of("loss"), panels.losses().stream().map(Series::name).toList());
        assertEquals(List.of("train_acc"), panels.accuracies().stream().map(Series::name).toList(), "lr belongs to neither panel");
        Series acc = panels.accuracies().getFirst().finite();
        // the accuracy axis reads "accuracy (%)": 0.40 and 0.61 must plot as 40 and 61
        assertArrayEquals(new double[] {40, 61}, acc.y(), 1e-9, () -> "accuracy panel values " + Arrays.toString(acc.y()));
        assertArrayEquals(new double[] {2.0, 1.5, 1.1, 0.9}, panels.losses().getFirst().y(), 0, "losses are not scaled");
        Path png = temp.resolve("from-csv.png");
        CurvesFigure.fromCsv(csv, "step", png, "Fine-tuning");
        PngCheck.read(png, 2 * 760, 544, 100);
        assertThrows(IOException.class, () -> CurvesFigure.fromCsv(csv, "epoch", png, "x"));
    }

    @Test
    void confusionCountsAndCsvOnAHandMadeCase() {
        int[][] m = ConfusionFigure.counts(new int[] {0, 0, 1, 3, 3, 3}, new int[] {0, 1, 1, 3, 3, 0});
        assertEquals(1, m[0][0]);
        assertEquals(1, m[0][1]);
        assertEquals(1, m[3][0]);
        assertEquals(2, m[3][3]);
        List<String> lines = ConfusionFigure.csv(m, ConfusionFigure.expressionNames()).lines().toList();
        assertEquals("true\\predicted,Surprise,Fear,Disgust,Happiness,Sadness,Anger,Neutral,total,recall", lines.getFirst());
        assertEquals("Surprise,1,1,0,0,0,0,0,2,0.5000", lines.get(1));
        assertEquals("Fear,0,1,0,0,0,0,0,1,1.0000", lines.get(2));
        assertEquals("Disgust,0,0,0,0,0,0,0,0,", lines.get(3), "no examples: no recall");
        assertEquals("Happiness,1,0,0,2,0,0,0,3,0.6667", lines.get(4));
        assertEquals("total,2,2,0,2,0,0,0,6,0.6667", lines.getLast(), "column totals, then the accuracy");
        assertThrows(IllegalArgumentException.class, () -> ConfusionFigure.counts(new int[] {7}, new int[] {0}));
        assertThrows(IllegalArgumentException.class, () -> ConfusionFigure.counts(new int[] {1, 2}, new int[] {0}));
    }

    @Test
    void confusionHeatMapIsWrittenWithItsCsv() throws Exception {
        int k = 7;
        // imbalanced classes, errors concentrated on a few confusions (fear <-> surprise, disgust -> anger)
        int[] sizes = {120, 40, 60, 300, 150, 90, 200};
        int[][] m = new int[k][k];
        for (int t = 0; t < k; t++) {
            int right = sizes[t] * (50 + 7 * t) / 100;
            m[t][t] = right;
            int rest = sizes[t] - right, to = t == 1 ? 0 : t == 2 ? 5 : t == 0 ? 1 : 6;
            if (t == 6) to = 4;
            m[t][to] += rest * 2 / 3;
            m[t][(t + 3) % k] += rest - rest * 2 / 3;
        }
        Path dir = PngCheck.dir(temp);
        ConfusionFigure.write(dir.resolve("confusion.png"), dir.resolve("confusion.csv"), "sfew (target): sample counts", m);
        PngCheck.read(dir.resolve("confusion.png"), 170 + 92 * k, 150 + 80 * k, 40);
        assertEquals(k + 2, Files.readAllLines(dir.resolve("confusion.csv")).size());
    }

    @Test
    void maskRatioSweepWithErrorBars() throws Exception {
        double[] ratios = {0.2, 0.35, 0.5, 0.65, 0.8};
        double[][] esgm = {{56.1, 57.0, 56.5}, {58.8, 59.9, 59.1}, {60.2, 61.3, 60.7}, {59.0, 59.8, 58.7}, {57.2, 58.4, 57.9}};
        double[][] random = {{54.0, 55.2, 54.4}, {55.1, 55.9, 55.0}, {56.0, 56.8, 56.3}, {55.9, 56.1, 55.2}, {55.0, 55.8, 54.9}};
        Path png = PngCheck.dir(temp).resolve("fig8.png");
        MaskRatioFigure.write(png, "Accuracy vs mask ratio (Fig. 8), sample numbers",
            List.of(new MaskRatioFigure.Sweep("ESGM", ratios, esgm), new MaskRatioFigure.Sweep("random masking", ratios, random)));
        PngCheck.read(png, Charts.WIDTH, Charts.HEIGHT, 100);
        assertThrows(IllegalArgumentException.class, () -> new MaskRatioFigure.Sweep("x", ratios, new double[2][]));
    }

    @Test
    void tsnePanelsForFourStages() throws Exception {
        // four stages whose two domains drift apart: centre gap 0, 2, 4, 8 in 6-D unit noise
        int half = 60;
        List<Tensor> stages = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            float gap = s == 3 ? 8 : 2 * s;
            Tensor x = Tensor.randn(new Generator(s), DType.F32, 2 * half, 6);
            float[] shift = new float[2 * half * 6];
            for (int i = half; i < 2 * half; i++) shift[i * 6] = gap;
            stages.add(x.add(Tensor.of(shift, 2 * half, 6)));
        }
        Path png = PngCheck.dir(temp).resolve("fig6.png");
        TsneFigure.fig6(png, stages, TsneTest.halves(half), List.of("raf", "sfew"), 0, "");
        PngCheck.read(png, 4 * 440, 470 + 44, 100);
    }

    @Test
    void drawingIsHeadless() {
        Png.init();
        assertEquals("true", System.getProperty("java.awt.headless"), "set before any figure draws");
        assertTrue(java.awt.GraphicsEnvironment.isHeadless());
    }
}
