package facet.train.experiment;

import facet.train.experiment.Recipes.Method;
import facet.train.report.Ordering;
import facet.train.report.ResultTable;
import facet.train.report.Stats;
import facet.train.run.Config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's report.md: the Table I-style table with each row's health, the paper's orderings
 * this demo can check (one seed: none resolved), the encoders' linear probes, the masking
 * statistics and the figures. Rows are found by their stage names, whatever the methods' order.
 */
final class DemoReport {
    private DemoReport() {}

    /** The demo's fine-tuning stages (Demo.METHODS), which the orderings and figures look up. */
    static final String RESNET = "finetune-resnet18", RESNET_PDED = "finetune-resnet18-pded", MAE = "finetune-mae",
            OURS = "finetune-esgm-pded", SINGLE = "finetune-esgm-single";

    /** Accuracy in percent per method (one seed), targets in order, the source's test split last; each run's health beside. */
    static ResultTable table(Path root, List<String> targets, List<Method> methods, Map<String, Evaluating.Result> results) {
        ResultTable t = new ResultTable("Source raf, synthetic targets (paper Table I layout)", targets);
        for (Method m : methods) {
            Evaluating.Result r = results.get(m.stage());
            double[][] cols = new double[targets.size()][];
            for (int i = 0; i < targets.size(); i++) cols[i] = new double[] {100 * r.targets().get(i).accuracy()};
            t.add(m.label(), cols, new double[] {100 * r.source().accuracy()}, List.of(RunHealth.of(root.resolve(m.stage()), r.source())));
        }
        return t;
    }

    /**
     * The paper's claims this demo can check: Table I's Ours > MAE baseline > ResNet-18 baseline,
     * Table V's progressive (Ours) > single, and PDED on the pixel path (ResNet-18 + PDED > ResNet-18).
     */
    static List<Ordering.Comparison> orderings(ResultTable t, List<Method> methods) {
        List<Ordering.Comparison> cs = new ArrayList<>(Ordering.chain(List.of(label(methods, OURS), label(methods, MAE), label(methods, RESNET)), t));
        cs.add(Ordering.compare(t.row(label(methods, OURS)), t.row(label(methods, SINGLE))));
        cs.add(Ordering.compare(t.row(label(methods, RESNET_PDED)), t.row(label(methods, RESNET))));
        return cs;
    }

    private static String label(List<Method> methods, String stage) {
        for (Method m : methods) if (m.stage().equals(stage)) return m.label();
        throw new IllegalArgumentException("demo report: no method with stage '" + stage + "' among " + methods.stream().map(Method::stage).toList());
    }

    /** What the demo prints when it ends: the table and the orderings. */
    static String console(Path root, List<String> targets, List<Method> methods, Map<String, Evaluating.Result> results) {
        ResultTable t = table(root, targets, methods, results);
        return t.markdown() + "\n" + Ordering.markdown(orderings(t, methods));
    }

    static String markdown(Path root, boolean quick, long seed, List<String> targets, List<Method> methods,
                           Map<String, Evaluating.Result> results, Path maeDir, Path esgmDir, double seconds) {
        ResultTable t = table(root, targets, methods, results);
        StringBuilder sb = new StringBuilder("# Facet demo: ESGM + PDED on synthetic faces\n\n");
        sb.append(String.format(Locale.ROOT, "%s demo, seed %d, %.1f minutes. Source: synthetic `raf` (train split); targets: %s. "
                + "Accuracy in %%; the source column is raf's own test split.%n%n", quick ? "Quick" : "Full", seed, seconds / 60, String.join(", ", targets)));
        sb.append("Every number here comes from a single seed. One seed gives no interval, so no ordering below is resolved: "
                + "a difference of a point or two is within seed noise. `./facet ablate` runs 5 seeds and reports each ordering "
                + "with its 95% interval.\n\n");
        sb.append(t.markdown()).append('\n');
        sb.append("## Does the paper's ordering hold here?\n\n");
        sb.append("Table I's Ours > MAE baseline > ResNet-18 baseline, Table V's progressive > single, and PDED on the pixel path. "
                + "Differences of the target average, in points.\n\n");
        sb.append(Ordering.markdown(orderings(t, methods))).append('\n');
        sb.append(encoders(root, maeDir, esgmDir));
        sb.append("## Masking (pre-training)\n\n");
        sb.append("Mean expression-pixel fraction of the masked patches on held-out faces with parsing maps, masks chosen as in phase 2 ");
        sb.append("(no parsing map):\n\n| model | its own masking | random masking, same ratio |\n|---|---:|---:|\n");
        for (Path d : List.of(maeDir, esgmDir)) {
            sb.append("| ").append(root.relativize(d)).append(" | ").append(fraction(RunHealth.summaryNumber(d, "masked_expression_fraction")))
                    .append(" | ").append(fraction(RunHealth.summaryNumber(d, "random_masked_expression_fraction"))).append(" |\n");
        }
        sb.append("\n## Figures\n\n");
        Path ours = root.resolve(OURS), single = root.resolve(SINGLE);
        link(sb, root, "Fig. 4: the mask-weight block's attention and w", esgmDir.resolve(PretrainFigures.FIG4));
        link(sb, root, "Fig. 5: reconstructions of the same masked patches by MAE and ESGM", root.resolve(PretrainFigures.FIG5));
        link(sb, root, "Fig. 6: t-SNE of each stage's domain features, raf vs sfew (ESGM + PDED)" + FinetuneFigures.fig6Note(ours),
                root.resolve(FinetuneFigures.FIG6));
        link(sb, root, "Fig. 7: Grad-CAM per stage, single vs progressive decoupling" + FinetuneFigures.fig7Note(single, ours),
                root.resolve(FinetuneFigures.FIG7));
        for (Method m : methods) link(sb, root, "Training curves: " + m.label(), root.resolve("curves-" + m.stage() + ".png"));
        link(sb, root, "Training curves: ESGM pre-training, phase 1", root.resolve("curves-pretrain-esgm-phase1.png"));
        sb.append("\nConfusion matrices per dataset (PNG and CSV) are in each fine-tuning folder, e.g. ");
        sb.append("[sfew, ESGM + PDED](").append(OURS).append("/confusion-sfew.png).\n");
        sb.append("\nFig. 8 (accuracy against mask ratio) needs a sweep: `./facet ablate --study maskratio`.\n");
        return sb.toString();
    }

    /**
     * Each pre-trained encoder's linear probe next to a random-init encoder's of the same shape
     * (summary.json; "—" for a run from before the probe), and the base encoder they start from.
     */
    static String encoders(Path root, Path... pretrainDirs) {
        StringBuilder sb = new StringBuilder("## Encoders\n\n");
        sb.append("Linear probe: a logistic regression on the frozen encoder's features, fitted on raf's train split and scored on its "
                + "test split, before any fine-tuning.\n\n| pre-training | linear probe | random-init encoder, same probe |\n|---|---:|---:|\n");
        Map<String, List<String>> bases = new LinkedHashMap<>();   // init file name -> the runs that start from it
        for (Path d : pretrainDirs) {
            sb.append("| ").append(root.relativize(d)).append(" | ").append(percent(RunHealth.summaryNumber(d, RunHealth.PROBE)))
                    .append(" | ").append(percent(RunHealth.summaryNumber(d, RunHealth.RANDOM_PROBE))).append(" |\n");
            Path conf = d.resolve("config.conf");
            String init = Files.isRegularFile(conf) ? Config.read(Pretraining.spec(), conf).s("init") : "";
            if (!init.isEmpty()) bases.computeIfAbsent(Path.of(init).getFileName().toString(), k -> new ArrayList<>()).add(root.relativize(d).toString());
        }
        sb.append('\n');
        bases.forEach((file, runs) -> sb.append("Base encoder: `").append(file).append("` (the `init` of ").append(String.join(", ", runs)).append(").\n\n"));
        return sb.toString();
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? Stats.MISSING : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    private static String fraction(double v) { return Double.isNaN(v) ? Stats.MISSING : String.format(Locale.ROOT, "%.3f", v); }

    private static void link(StringBuilder sb, Path root, String title, Path png) {
        if (!Files.exists(png)) return;
        sb.append("### ").append(title).append("\n\n![").append(title).append("](").append(root.relativize(png)).append(")\n\n");
    }
}
