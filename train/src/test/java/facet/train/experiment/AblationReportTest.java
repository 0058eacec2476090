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

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ablation report from hand-made results (no training): every study's table with mean ± std
 * over the seeds, an ordering sentence for every pair of the paper's ranking (including pairs that
 * do not hold), and Fig. 8 for the mask-ratio sweep.
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
        assertTrue(md.contains("progressive (ours) > parallel") && md.contains("✗"), "the failing pair is not reported:\n" + md);
        assertTrue(Files.exists(dir.resolve("table5.md")) && Files.exists(dir.resolve("table5.csv")), "table5 files missing");
        assertNotNull(ImageIO.read(dir.resolve("fig8-mask-ratio.png").toFile()), "Fig. 8 does not read back as an image");
        assertTrue(md.contains("fig8-mask-ratio.png"), "Fig. 8 is not linked:\n" + md);
    }

    private static Evaluating.Result result(String stage, List<String> targets, double acc) {
        int[][] conf = confusion(acc);
        List<Evaluation.Row> rows = new ArrayList<>();
        for (String t : targets) rows.add(Evaluation.row(t, conf));
        return new Evaluating.Result(Evaluation.row("raf", confusion(acc + 0.3)), rows);
    }

    /** 7 classes, 100 samples each, acc of them right. */
    private static int[][] confusion(double acc) {
        int[][] c = new int[7][7];
        int right = (int) Math.round(100 * acc);
        for (int k = 0; k < 7; k++) {
            c[k][k] = right;
            c[k][(k + 1) % 7] = 100 - right;
        }
        return c;
    }
}
