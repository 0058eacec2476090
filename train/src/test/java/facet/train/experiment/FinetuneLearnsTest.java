package facet.train.experiment;

import facet.tensor.Device;
import facet.train.run.Config;
import facet.train.run.RunDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16's learning check on the real pipeline: PDED (progressive, from pixels) fine-tuned
 * briefly on synthetic raf lowers both L_exp and L_dom and beats always answering the majority
 * class on raf's test split and on every target domain.
 */
class FinetuneLearnsTest {
    @Test void shortFineTuningLowersBothLossesAndBeatsTheMajorityEverywhere(@TempDir Path tmp) throws Exception {
        Config c = Config.defaults(Finetuning.spec()).with(List.of("input=image", "variant=progressive", "train_count=3000", "test_count=300",
                "epochs=6", "threads=2", "seed=3", "cache=" + tmp.resolve("cache")));
        StringWriter log = new StringWriter();
        Path dir = tmp.resolve("run");
        try (RunDir run = RunDir.create(dir, c, false, new PrintWriter(log))) {
            Finetuning.run(run, Device.CPU);
        }
        List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
        List<String> head = Arrays.asList(rows.getFirst().split(","));
        int exp = head.indexOf("l_exp"), dom = head.indexOf("l_dom");
        double[] first = mean(rows.subList(1, 6), exp, dom), last = mean(rows.subList(rows.size() - 5, rows.size()), exp, dom);
        assertTrue(last[0] < 0.85 * first[0], "L_exp did not fall: first steps " + first[0] + ", last " + last[0]);
        assertTrue(last[1] < 0.5 * first[1], "L_dom did not fall: first steps " + first[1] + ", last " + last[1]);
        Evaluating.Result r = Evaluating.run(dir, null, Device.CPU, new PrintWriter(log));
        String table = Evaluating.markdown(r);
        assertTrue(r.source().beatsMajority(), "no better than the majority class on raf's test split:\n" + table);
        for (Evaluation.Row t : r.targets()) assertTrue(t.beatsMajority(), "no better than the majority class on " + t.dataset() + ":\n" + table);
    }

    private static double[] mean(List<String> rows, int a, int b) {
        double[] m = new double[2];
        for (String row : rows) {
            String[] f = row.split(",");
            m[0] += Double.parseDouble(f[a]) / rows.size();
            m[1] += Double.parseDouble(f[b]) / rows.size();
        }
        return m;
    }
}
