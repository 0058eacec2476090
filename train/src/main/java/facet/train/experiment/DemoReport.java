package facet.train.experiment;

import facet.train.experiment.Recipes.Method;
import facet.train.report.Ordering;
import facet.train.report.ResultTable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The demo's report.md: the Table I-style table, whether the paper's ordering holds, the masking statistics and the figures. */
final class DemoReport {
    private DemoReport() {}

    /** Accuracy in percent per method (one seed), targets in order, the source's test split last. */
    static ResultTable table(List<String> targets, List<Method> methods, Map<String, Evaluating.Result> results) {
        ResultTable t = new ResultTable("Source raf, synthetic targets (paper Table I layout)", targets);
        for (Method m : methods) {
            Evaluating.Result r = results.get(m.stage());
            double[][] cols = new double[targets.size()][];
            for (int i = 0; i < targets.size(); i++) cols[i] = new double[] {100 * r.targets().get(i).accuracy()};
            t.add(m.label(), cols, new double[] {100 * r.source().accuracy()});
        }
        return t;
    }

    /**
     * The paper's claims this demo can check: Table I's order of the first three methods (the third
     * best), and Table V's progressive (the third) > single (the fourth).
     */
    static List<Ordering.Comparison> orderings(ResultTable t, List<Method> m) {
        Map<String, double[]> avg = t.averages();
        List<Ordering.Comparison> cs = new ArrayList<>(Ordering.chain(List.of(m.get(2).label(), m.get(1).label(), m.get(0).label()), avg));
        cs.add(Ordering.compare(m.get(2).label(), avg.get(m.get(2).label()), m.get(3).label(), avg.get(m.get(3).label())));
        return cs;
    }

    static String markdown(Path root, boolean quick, long seed, List<String> targets, List<Method> methods,
                           Map<String, Evaluating.Result> results, Path maeDir, Path esgmDir, double seconds) {
        ResultTable t = table(targets, methods, results);
        StringBuilder sb = new StringBuilder("# Facet demo: ESGM + PDED on synthetic faces\n\n");
        sb.append(String.format(Locale.ROOT, "%s demo, seed %d, %.1f minutes. Source: synthetic `raf` (train split); targets: %s. "
                + "Accuracy in %%; the source column is raf's own test split. Every number comes from one seed: differences of a "
                + "point or two are within seed noise (`./facet ablate --seeds 3` gives mean ± std).%n%n", quick ? "Quick" : "Full", seed,
                seconds / 60, String.join(", ", targets)));
        sb.append(t.markdown()).append('\n');
        sb.append("## Does the paper's ordering hold here?\n\n").append(Ordering.markdown(orderings(t, methods))).append('\n');
        sb.append("## Masking (pre-training)\n\n");
        sb.append("Mean expression-pixel fraction of the masked patches on held-out faces with parsing maps, masks chosen as in phase 2 ");
        sb.append("(no parsing map):\n\n| model | its own masking | random masking, same ratio |\n|---|---:|---:|\n");
        for (Path d : List.of(maeDir, esgmDir)) {
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f |%n", root.relativize(d), number(d, "masked_expression_fraction"),
                    number(d, "random_masked_expression_fraction")));
        }
        sb.append("\n## Figures\n\n");
        link(sb, root, "Fig. 4: the mask-weight block's attention and w", esgmDir.resolve(PretrainFigures.FIG4));
        link(sb, root, "Fig. 5: reconstructions of the same masked patches by MAE and ESGM", root.resolve(PretrainFigures.FIG5));
        link(sb, root, "Fig. 6: t-SNE of each stage's domain features, raf vs sfew (ESGM + PDED)", root.resolve(FinetuneFigures.FIG6));
        link(sb, root, "Fig. 7: Grad-CAM per stage, single vs progressive decoupling", root.resolve(FinetuneFigures.FIG7));
        for (Method m : methods) link(sb, root, "Training curves: " + m.label(), root.resolve("curves-" + m.stage() + ".png"));
        link(sb, root, "Training curves: ESGM pre-training, phase 1", root.resolve("curves-pretrain-esgm-phase1.png"));
        sb.append("\nConfusion matrices per dataset (PNG and CSV) are in each fine-tuning folder, e.g. ");
        sb.append("[sfew, ESGM + PDED](finetune-esgm-pded/confusion-sfew.png).\n");
        sb.append("\nFig. 8 (accuracy against mask ratio) needs a sweep: `./facet ablate --study maskratio`.\n");
        return sb.toString();
    }

    private static void link(StringBuilder sb, Path root, String title, Path png) {
        if (!Files.exists(png)) return;
        sb.append("### ").append(title).append("\n\n![").append(title).append("](").append(root.relativize(png)).append(")\n\n");
    }

    private static final Pattern NUMBER = Pattern.compile("\"%s\": ([-0-9.eE]+)");

    /** A number from a run's summary.json (written by our JsonWriter, one line). */
    static double number(Path runDir, String key) {
        try {
            Matcher m = Pattern.compile(String.format(NUMBER.pattern(), Pattern.quote(key))).matcher(Files.readString(runDir.resolve("summary.json")));
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
