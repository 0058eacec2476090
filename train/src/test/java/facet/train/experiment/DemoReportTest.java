package facet.train.experiment;

import facet.train.experiment.Recipes.Method;
import facet.train.report.Ordering;
import facet.train.run.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo's report from hand-made results (no training): orderings by stage, health per row, the encoders' probes, one seed said plainly. */
class DemoReportTest {
    @TempDir Path root;

    /** Source raf accuracy per stage (majority class 1/7 in these confusions); the targets' average tracks it. */
    private static final Map<String, Double> ACCURACY = Map.of(DemoReport.RESNET, 0.70, DemoReport.RESNET_PDED, 0.74, DemoReport.MAE, 0.60,
            DemoReport.OURS, 0.65, DemoReport.SINGLE, 0.62);

    private static Map<String, Evaluating.Result> results(List<String> targets) {
        Map<String, Evaluating.Result> r = new LinkedHashMap<>();
        for (Method m : Demo.METHODS) {
            double a = ACCURACY.get(m.stage());
            List<Evaluation.Row> rows = new ArrayList<>();
            for (String t : targets) rows.add(Evaluation.row(t, AblationReportTest.confusion(a - 0.3)));
            r.put(m.stage(), new Evaluating.Result(Evaluation.row("raf", AblationReportTest.confusion(a)), rows));
        }
        return r;
    }

    @Test void orderingsFindTheirRowsByStageWhateverTheOrderOfTheMethods() {
        List<String> targets = Data.defaultTargets();
        Map<String, Evaluating.Result> results = results(targets);
        List<String> sentences = sentences(Demo.METHODS, targets, results);
        assertEquals(List.of(
                "Ours (ESGM + PDED) > Baseline (MAE + ResNet-18): +5.0 points, 1 seed: no interval, not resolved (holds in 1 of 1 seed)",
                "Baseline (MAE + ResNet-18) > Baseline (ResNet-18): −10.0 points, 1 seed: no interval, not resolved (holds in 0 of 1 seed)",
                "Ours (ESGM + PDED) > ESGM + single decoupling: +3.0 points, 1 seed: no interval, not resolved (holds in 1 of 1 seed)",
                "ResNet-18 + PDED (pixels) > Baseline (ResNet-18): +4.0 points, 1 seed: no interval, not resolved (holds in 1 of 1 seed)"), sentences);
        List<Method> reversed = new ArrayList<>(Demo.METHODS);
        Collections.reverse(reversed);
        assertEquals(sentences, sentences(reversed, targets, results), "the orderings depend on the order of Demo.METHODS");
    }

    private List<String> sentences(List<Method> methods, List<String> targets, Map<String, Evaluating.Result> results) {
        return DemoReport.orderings(DemoReport.table(root, targets, methods, results), methods).stream().map(Ordering.Comparison::sentence).toList();
    }

    @Test void reportSaysOneSeedFlagsRowsAndGivesTheEncodersProbes() throws Exception {
        List<String> targets = Data.defaultTargets();
        Map<String, Evaluating.Result> results = results(targets);
        // Ours at raf's majority class: 100 of 300 faces are class 0, all answered class 0
        int[][] flat = new int[7][7];
        flat[0][0] = 100;
        flat[1][0] = 100;
        flat[2][0] = 100;
        Evaluating.Result ours = results.get(DemoReport.OURS);
        results.put(DemoReport.OURS, new Evaluating.Result(Evaluation.row("raf", flat), ours.targets()));
        Path ft = Files.createDirectories(root.resolve(DemoReport.OURS));
        Files.writeString(ft.resolve("config.conf"), Config.defaults(Finetuning.spec()).text());
        Files.writeString(ft.resolve("results.csv"), Evaluating.csv(results.get(DemoReport.OURS)));   // what ./facet eval leaves
        Path mae = pretrain("pretrain-mae", "{\"masking\": \"random\", \"linear_probe_accuracy\": 0.53, \"random_encoder_linear_probe_accuracy\": 0.34}");
        Path esgm = pretrain("pretrain-esgm", "{\"masking\": \"expression\"}");
        Files.writeString(root.resolve(FinetuneFigures.FIG6), "");   // the report links the figures that exist

        String md = DemoReport.markdown(root, true, 1, targets, Demo.METHODS, results, mae, esgm, 60);
        assertTrue(md.contains("Every number here comes from a single seed. One seed gives no interval, so no ordering below is resolved"), md);
        assertTrue(md.contains("| Ours (ESGM + PDED) |") && md.contains("**did not learn** |"), md);
        assertEquals(1, md.split("did not learn\\*\\*", -1).length - 1, "only Ours is flagged:\n" + md);
        assertTrue(md.contains("- ✗ Ours (ESGM + PDED) > Baseline (MAE + ResNet-18): not a finding, 'Ours (ESGM + PDED)' did not learn "
                + "(raf within 5 points of the majority class)"), md);
        assertTrue(md.contains("| pretrain-mae | 53.0% | 34.0% |") && md.contains("| pretrain-esgm | — | — |"), md);
        assertTrue(md.contains("Base encoder: `encoder.safetensors` (the `init` of pretrain-mae, pretrain-esgm)."), md);
        assertTrue(md.contains("### Fig. 6: t-SNE of each stage's domain features, raf vs sfew (ESGM + PDED) (model did not learn)"), md);
        assertFalse(md.contains("✓"), "nothing is resolved in one seed:\n" + md);
    }

    private Path pretrain(String name, String summary) throws Exception {
        Path d = Files.createDirectories(root.resolve(name));
        Files.writeString(d.resolve("summary.json"), summary + "\n");
        Files.writeString(d.resolve("config.conf"), Config.defaults(Pretraining.spec()).with("init", "models/base/encoder.safetensors").text());
        return d;
    }
}
