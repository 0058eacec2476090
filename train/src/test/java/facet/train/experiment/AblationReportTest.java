package facet.train.experiment;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ablation report from hand-made results (no training): every study's table with mean ± std
 * over the seeds, an ordering sentence for every pair of the paper's ranking (including pairs that
 * do not hold), and Fig. 8 for the mask-ratio sweep; rows at the majority class flagged, and their
 * pairs no finding.
 */
class AblationReportTest {
    @Test void tablesOrderingsAndFig8FromHandMadeResults(@TempDir Path dir) throws Exception {
        List<String> targets = Data.defaultTargets();
        List<Study> studies = List.of(Study.TABLE5, Study.MASKRATIO);
        Map<String, List<Evaluating.Result>> results = new LinkedHashMap<>();
        int seeds = 2;
        double base = 0.2;
        for (Study s : studies) {
            for (Ablation.Cell c : s.cells()) {
                double acc = base += 0.01;   // each stage a little better than the one before: "single" beats "progressive"
                List<Evaluating.Result> rs = new ArrayList<>();
                for (int k = 0; k < seeds; k++) rs.add(result(c.stage(), targets, acc + 0.005 * k));
                results.putIfAbsent(c.stage(), rs);
            }
        }
        String md = Ablation.report(dir, studies, seeds, targets, results);
        assertTrue(md.contains("± "), "no mean ± std in:\n" + md);
        assertTrue(md.contains("progressive (ours) > parallel: +"), "the holding pair is not reported:\n" + md);
        assertTrue(md.contains("parallel > cyclic: −") && md.contains("holds in 0 of 2 seeds"), "the failing pair is not reported:\n" + md);
        assertTrue(md.contains("95% CI ["), "no interval:\n" + md);
        assertTrue(Files.exists(dir.resolve("table5.md")) && Files.exists(dir.resolve("table5.csv")), "table5 files missing");
        assertNotNull(ImageIO.read(dir.resolve("fig8-mask-ratio.png").toFile()), "Fig. 8 does not read back as an image");
        assertTrue(md.contains("fig8-mask-ratio.png"), "Fig. 8 is not linked:\n" + md);
    }

    @Test void rowsAtTheMajorityClassDidNotLearnAndTheirOrderingIsNoFinding(@TempDir Path dir) throws Exception {
        // ./facet ablate --quick --study table3 --seeds 1 as it came out: raf at its majority class (32%) in every row,
        // the target averages falling in the paper's order, which the old report called "holds ... 2 of 2 pairs"
        List<String> targets = Data.defaultTargets();
        Map<String, List<Evaluating.Result>> results = new LinkedHashMap<>();
        double target = 0.21;
        for (Ablation.Cell c : Study.TABLE3.cells()) {
            target -= 0.01;
            List<Evaluation.Row> rows = new ArrayList<>();
            for (String t : targets) if (!t.equals(c.source2())) rows.add(Evaluation.row(t, allFirstClass(target)));
            results.put(c.stage(), List.of(new Evaluating.Result(Evaluation.row("raf", allFirstClass(0.32)), rows)));
        }
        // the ResNet-18 row's run folder logged its training accuracy: the last epoch's rows are 0.30 and 0.34
        Path run = Files.createDirectories(dir.resolve("seed-1").resolve(Study.TABLE3.cells().getFirst().stage()));
        Files.writeString(run.resolve("metrics.csv"), "step,epoch,batch,loss,acc,lr\n1,0,0,2.0,0.10,0.1\n2,1,0,1.9,0.30,0.1\n3,1,1,1.9,0.34,0.1\n");
        String md = Ablation.report(dir, List.of(Study.TABLE3), 1, targets, results);
        assertTrue(md.contains("One seed gives no interval: no ordering below is resolved."), md);
        assertEquals(3, md.split("\\*\\*did not learn\\*\\*", -1).length - 1, "each of the three rows flagged:\n" + md);
        assertTrue(md.contains("| ResNet-18 |") && md.contains("| **32.00** | 32.0 | — | **did not learn** |"), "train accuracy 32.0 from seed-1's metrics.csv:\n" + md);
        assertTrue(md.contains("- ✗ ESGM + PDED > MAE + ResNet-18: not a finding, 'ESGM + PDED' did not learn and 'MAE + ResNet-18' did not learn "
                + "(raf within 5 points of the majority class)"), md);
        assertTrue(md.contains("No finding: in each of the 2 pairs a row did not learn."), md);
        assertFalse(md.contains("✓") || md.contains("holds on average"), "a pair of rows that did not learn is counted:\n" + md);
    }

    /** A model that answers class 0 for every face, of which a fraction `first` are class 0 (the largest class). */
    private static int[][] allFirstClass(double first) {
        int[][] c = new int[7][7];
        int k = (int) Math.round(100 * first);
        c[0][0] = k;
        for (int j = 1; j < 7; j++) c[j][0] = (100 - k) / 6 + (j == 1 ? (100 - k) % 6 : 0);
        return c;
    }

    private static Evaluating.Result result(String stage, List<String> targets, double acc) {
        int[][] conf = confusion(acc);
        List<Evaluation.Row> rows = new ArrayList<>();
        for (String t : targets) rows.add(Evaluation.row(t, conf));
        return new Evaluating.Result(Evaluation.row("raf", confusion(acc + 0.3)), rows);
    }

    /** 7 classes, 100 samples each, acc of them right (the majority class 1/7); DemoReportTest uses it too. */
    static int[][] confusion(double acc) {
        int[][] c = new int[7][7];
        int right = (int) Math.round(100 * acc);
        for (int k = 0; k < 7; k++) {
            c[k][k] = right;
            c[k][(k + 1) % 7] = 100 - right;
        }
        return c;
    }
}
