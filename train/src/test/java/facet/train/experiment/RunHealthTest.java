package facet.train.experiment;

import facet.train.report.Health;
import facet.train.run.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run folder's health from hand-made files: metrics.csv's last epoch, the probe through config.conf's from, a figure's flag from results.csv. */
class RunHealthTest {
    @TempDir Path dir;

    @Test void trainAccuracyIsTheLastEpochsMeanOfTheAccColumn() throws Exception {
        Path csv = dir.resolve("metrics.csv");
        // as TrainLoop writes it: a row every few steps and at each epoch's last batch; epoch 2's rows are 0.5, 0.6, 0.7
        Files.writeString(csv, "step,epoch,batch,loss,l_exp,l_dom,acc,lr,images_per_s\n"
                + "10,0,9,1.9,1.9,0.0,0.20,0.001,100.0\n20,1,9,1.5,1.5,0.0,0.40,0.001,100.0\n"
                + "25,2,4,1.2,1.2,0.0,0.50,0.001,100.0\n30,2,9,1.1,1.1,0.0,0.60,0.001,100.0\n31,2,10,1.0,1.0,0.0,0.70,0.001,100.0\n");
        assertEquals(0.6, RunHealth.trainAccuracy(csv), 1e-12);
        assertTrue(Double.isNaN(RunHealth.trainAccuracy(dir.resolve("missing.csv"))));
        Files.writeString(csv, "step,epoch,batch,loss\n1,0,0,2.0\n");
        assertTrue(Double.isNaN(RunHealth.trainAccuracy(csv)), "no acc column");
    }

    @Test void probeComesFromThePretrainingRunThatFromNames() throws Exception {
        Path pre = Files.createDirectories(dir.resolve("pretrain-esgm"));
        Files.writeString(pre.resolve("summary.json"), "{\"masking\": \"expression\", \"linear_probe_accuracy\": 0.53, "
                + "\"random_encoder_linear_probe_accuracy\": 0.34}\n");
        Path esgm = finetune("esgm", Config.defaults(Finetuning.spec()).with("from", pre.toString()));
        assertEquals(0.53, RunHealth.probe(esgm), 0);
        assertEquals(0.34, RunHealth.summaryNumber(pre, RunHealth.RANDOM_PROBE), 0);
        Path pixels = finetune("image", Config.defaults(Finetuning.spec()).with("input", "image").with("from", pre.toString()));
        assertTrue(Double.isNaN(RunHealth.probe(pixels)), "pixel input has no encoder to probe");
        Files.writeString(pre.resolve("summary.json"), "{\"masking\": \"expression\"}\n");
        assertTrue(Double.isNaN(RunHealth.probe(esgm)), "a summary from before the probe");
    }

    @Test void aFigureOfARunThatDidNotLearnSaysSo() throws Exception {
        Path flat = finetune("flat", Config.defaults(Finetuning.spec()));
        Files.writeString(flat.resolve("results.csv"), "role,dataset,samples,accuracy,mean_recall,majority_accuracy\n"
                + "source,raf,500,0.33,0.14285714285714285,0.33\ntarget,sfew,500,0.2,0.14,0.2\n");
        Path good = finetune("good", Config.defaults(Finetuning.spec()));
        Files.writeString(good.resolve("results.csv"), "role,dataset,samples,accuracy,mean_recall,majority_accuracy\n"
                + "source,raf,500,0.61,0.5,0.33\ntarget,sfew,500,0.4,0.3,0.2\n");
        Health h = TableMaker.read(flat).health();
        assertFalse(h.learned(), h.toString());
        assertEquals(" (model did not learn)", FinetuneFigures.fig6Note(flat));
        assertEquals("", FinetuneFigures.fig6Note(good));
        assertEquals(" (single: model did not learn)", FinetuneFigures.fig7Note(flat, good));
        assertEquals(" (single: model did not learn; progressive: model did not learn)", FinetuneFigures.fig7Note(flat, flat));
        assertEquals("", FinetuneFigures.fig7Note(good, finetune("not-evaluated", Config.defaults(Finetuning.spec()))), "no results.csv yet: nothing to flag");
    }

    private Path finetune(String name, Config c) throws Exception {
        Path d = Files.createDirectories(dir.resolve(name));
        Files.writeString(d.resolve("config.conf"), c.text());
        return d;
    }
}
