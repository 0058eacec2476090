package facet.train.experiment;

import facet.tensor.Device;
import facet.train.report.MaskRatioFigure;
import facet.train.report.Ordering;
import facet.train.report.ResultTable;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./facet ablate}: the paper's ablations over several seeds, mean ± std, each with the
 * sentence on whether the paper's ordering holds. Studies: Table IV (ESGM on/off x PDED on/off),
 * Table V (the five decoupling variants on the ESGM encoder), Table III (raf + affectnet as two
 * sources) and Fig. 8 (target average against the mask ratio). Every run is a stage folder
 * under seed-N/, shared between studies (Table IV's ESGM + PDED is Table V's progressive row),
 * done once and resumable.
 */
public final class Ablation {
    private Ablation() {}

    public static final List<String> STUDIES = List.of("table4", "table5", "table3", "maskratio");
    static final double[] RATIOS = {0.25, 0.5, 0.75};

    /** One fine-tuning: its stage name, its row label, the masking of its encoder (null: pixels), variant, second source. */
    record Cell(String stage, String label, String masking, String variant, String source2, double ratio) {}

    static List<Cell> cells(String study) {
        return switch (study) {
            case "table4" -> List.of(
                    new Cell("mae-none", "MAE + ResNet-18 (neither)", "random", "none", "", 0.5),
                    new Cell("esgm-none", "ESGM only", "expression", "none", "", 0.5),
                    new Cell("mae-progressive", "PDED only", "random", "progressive", "", 0.5),
                    new Cell("esgm-progressive", "ESGM + PDED", "expression", "progressive", "", 0.5));
            case "table5" -> List.of(
                    new Cell("esgm-none", "without decoupling", "expression", "none", "", 0.5),
                    new Cell("esgm-single", "single", "expression", "single", "", 0.5),
                    new Cell("esgm-parallel", "parallel", "expression", "parallel", "", 0.5),
                    new Cell("esgm-cyclic", "cyclic", "expression", "cyclic", "", 0.5),
                    new Cell("esgm-progressive", "progressive (ours)", "expression", "progressive", "", 0.5));
            case "table3" -> List.of(
                    new Cell("multi-image-none", "ResNet-18", null, "none", "affectnet", 0.5),
                    new Cell("multi-mae-none", "MAE + ResNet-18", "random", "none", "affectnet", 0.5),
                    new Cell("multi-esgm-progressive", "ESGM + PDED", "expression", "progressive", "affectnet", 0.5));
            case "maskratio" -> {
                List<Cell> cs = new ArrayList<>();
                // the default ratio's run is Table IV's and V's ESGM + PDED: the same stage, not a second copy
                for (double r : RATIOS) {
                    String stage = r == 0.5 ? "esgm-progressive" : String.format(Locale.ROOT, "esgm-progressive-mr%.2f", r);
                    cs.add(new Cell(stage, ratioLabel(r), "expression", "progressive", "", r));
                }
                yield cs;
            }
            default -> throw new IllegalArgumentException("ablate: unknown study '" + study + "'; studies: " + String.join(", ", STUDIES));
        };
    }

    /** The paper's ranking per study, best first (Tables IV, V, III); Fig. 8 has none to check. */
    static List<String> paperOrder(String study) {
        return switch (study) {
            case "table4" -> List.of("ESGM + PDED", "ESGM only", "PDED only", "MAE + ResNet-18 (neither)");
            case "table5" -> List.of("progressive (ours)", "parallel", "cyclic", "single", "without decoupling");
            case "table3" -> List.of("ESGM + PDED", "MAE + ResNet-18", "ResNet-18");
            default -> List.of();
        };
    }

    static String ratioLabel(double r) { return String.format(Locale.ROOT, "mask ratio %.2f", r); }

    public static Path run(Path root, List<String> studies, int seeds, boolean quick, Device device, PrintWriter out) {
        Demo.Sizes z = Demo.Sizes.ablation(quick);
        String cache = Path.of("runs", "cache").toString();
        List<String> targets = Data.defaultTargets();
        // the stage list, in order, to count and weigh them for the progress line
        Map<String, Cell> unique = new LinkedHashMap<>();
        for (String s : studies) for (Cell c : cells(s)) unique.putIfAbsent(c.stage(), c);
        List<Double> weights = new ArrayList<>();
        for (int k = 0; k < seeds; k++) {
            for (String p : pretrains(unique.values())) weights.add(1.0);
            for (Cell c : unique.values()) weights.add(1.5);
            weights.add(0.3);
        }
        Stages st = new Stages(root, out, device, weights);
        Map<String, List<Evaluating.Result>> results = new LinkedHashMap<>();
        for (int k = 0; k < seeds; k++) {
            long seed = k + 1;
            Map<String, Path> pre = new LinkedHashMap<>();
            for (String p : pretrains(unique.values())) {
                String[] parts = p.split("@");
                var c = Demo.pretrainConfig(cache, z, seed, parts[0]).with(List.of("mask_ratio=" + parts[1]));
                pre.put(p, st.run("seed-" + seed + "/pretrain-" + p.replace('@', '-'), Pretraining.spec(), c, 1.0, Pretraining::run));
            }
            Map<String, Path> fts = new LinkedHashMap<>();
            for (Cell c : unique.values()) {
                Path from = c.masking() == null ? null : pre.get(key(c));
                String input = c.masking() == null ? "image" : c.masking().equals("random") ? "mae" : "esgm";
                var m = new Demo.Method(c.stage(), c.label(), input, c.variant());
                var conf = Demo.finetuneConfig(cache, z, seed, m, from, targets);
                if (!c.source2().isEmpty()) conf = conf.with(List.of("source2=" + c.source2(), "targets=" + String.join(",", without(targets, c.source2()))));
                fts.put(c.stage(), st.run("seed-" + seed + "/" + c.stage(), Finetuning.spec(), conf, 1.5, Finetuning::run));
            }
            st.step("seed " + seed + ": evaluate " + fts.size() + " runs", 0.3, () -> {
                for (var e : fts.entrySet()) results.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(Evaluating.run(e.getValue(), null, device, out));
            });
        }
        String report = report(root, studies, seeds, targets, results);
        Demo.write(root.resolve("ablation.md"), report);
        out.println();
        out.print(report);
        out.flush();
        return root.resolve("ablation.md");
    }

    private static List<String> pretrains(Iterable<Cell> cells) {
        List<String> out = new ArrayList<>();
        for (Cell c : cells) if (c.masking() != null && !out.contains(key(c))) out.add(key(c));
        return out;
    }

    private static String key(Cell c) { return c.masking() + "@" + String.format(Locale.ROOT, "%.2f", c.ratio()); }

    private static List<String> without(List<String> targets, String source) { return targets.stream().filter(t -> !t.equals(source)).toList(); }

    /** Every study's table (mean ± std over seeds) and ordering sentences, and Fig. 8 when swept. */
    static String report(Path root, List<String> studies, int seeds, List<String> targets, Map<String, List<Evaluating.Result>> results) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "# Ablations over %d seed%s (accuracy %%, mean ± std)%n%n", seeds, seeds == 1 ? "" : "s"));
        for (String study : studies) {
            List<Cell> cs = cells(study);
            List<String> cols = cs.getFirst().source2().isEmpty() ? targets : without(targets, cs.getFirst().source2());
            ResultTable t = new ResultTable(title(study), cols);
            for (Cell c : cs) {
                List<Evaluating.Result> rs = results.get(c.stage());
                double[][] perTarget = new double[cols.size()][rs.size()];
                double[] source = new double[rs.size()];
                for (int s = 0; s < rs.size(); s++) {
                    for (int i = 0; i < cols.size(); i++) perTarget[i][s] = 100 * rs.get(s).targets().get(i).accuracy();
                    source[s] = 100 * rs.get(s).source().accuracy();
                }
                t.add(c.label(), perTarget, source);
            }
            sb.append("## ").append(title(study)).append("\n\n").append(t.markdown()).append('\n');
            try {
                t.write(root.resolve(study + ".md"), root.resolve(study + ".csv"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + root.resolve(study + ".md"), e);
            }
            if (!paperOrder(study).isEmpty()) sb.append(Ordering.markdown(Ordering.chain(paperOrder(study), t.averages()))).append('\n');
            if (study.equals("maskratio")) sb.append(maskRatioFigure(root, t)).append('\n');
        }
        return sb.toString();
    }

    private static String maskRatioFigure(Path root, ResultTable t) {
        Map<String, double[]> avg = t.averages();
        double[][] perSeed = new double[RATIOS.length][];
        for (int i = 0; i < RATIOS.length; i++) perSeed[i] = avg.get(ratioLabel(RATIOS[i]));
        try {
            MaskRatioFigure.write(root.resolve("fig8-mask-ratio.png"), "Target average against the mask ratio (Fig. 8)",
                    List.of(new MaskRatioFigure.Sweep("ESGM + PDED", RATIOS, perSeed)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Fig. 8", e);
        }
        return "![Fig. 8: target average against the mask ratio](fig8-mask-ratio.png)\n";
    }

    static String title(String study) {
        return switch (study) {
            case "table4" -> "Table IV: ESGM and PDED on and off (source raf)";
            case "table5" -> "Table V: decoupling variants on the ESGM encoder (source raf)";
            case "table3" -> "Table III: two sources, raf + affectnet";
            default -> "Fig. 8: mask ratio of ESGM pre-training (ESGM + PDED, source raf)";
        };
    }
}
