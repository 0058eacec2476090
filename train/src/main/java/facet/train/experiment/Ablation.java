package facet.train.experiment;

import facet.esgm.MaskingKind;
import facet.pded.Variant;
import facet.tensor.Device;
import facet.train.experiment.Recipes.Method;
import facet.train.experiment.Recipes.Sizes;
import facet.train.report.Health;
import facet.train.report.MaskRatioFigure;
import facet.train.report.Ordering;
import facet.train.report.ResultTable;
import facet.train.run.Config;
import facet.train.run.ConfigKey;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ./facet ablate}: the paper's ablations over several seeds, mean ± std, each row with its
 * train accuracy, linear probe and whether it learned, and each pair of the paper's ordering as a
 * mean paired difference with its 95% interval over the seeds ({@link Ordering}). Studies
 * ({@link Study}): Table IV (ESGM on/off x PDED on/off), Table V (the five decoupling variants on
 * the ESGM encoder), Table III (raf + affectnet as two sources) and Fig. 8 (target average
 * against the mask ratio). Every run is a
 * stage folder under seed-N/, shared between studies (Table IV's ESGM + PDED is Table V's
 * progressive row), done once and resumable.
 */
public final class Ablation {
    private Ablation() {}

    /** One fine-tuning: its stage name, its row label, its input and decoupling, a second source ("" for none), the mask ratio of its encoder. */
    record Cell(String stage, String label, Input input, Variant variant, String source2, double ratio) {
        /** The pre-training its encoder comes from; null for pixels. */
        Pretrain pretrain() { return input.pretrained() ? new Pretrain(input.masking(), ratio) : null; }
    }

    /** One pre-training run that cells share: its masking and mask ratio. */
    record Pretrain(MaskingKind masking, double ratio) {
        /** Its stage folder, e.g. pretrain-expression-0.50. */
        String stage() { return String.format(Locale.ROOT, "pretrain-%s-%.2f", masking.configName(), ratio); }
    }

    public static Path run(Path root, List<Study> studies, int seeds, boolean quick, Device device, PrintWriter out) {
        Sizes z = Sizes.ablation(quick);
        String cache = Path.of("runs", "cache").toString();
        List<String> targets = Data.defaultTargets();
        Map<String, Cell> unique = new LinkedHashMap<>();
        for (Study s : studies) for (Cell c : s.cells()) unique.putIfAbsent(c.stage(), c);
        Set<Pretrain> pretrains = new LinkedHashSet<>();
        for (Cell c : unique.values()) if (c.pretrain() != null) pretrains.add(c.pretrain());

        Stages st = new Stages(root, out, device);
        Map<String, List<Evaluating.Result>> results = new LinkedHashMap<>();
        for (int k = 0; k < seeds; k++) {
            long seed = k + 1;
            String dir = seedFolder(seed) + "/";
            Map<Pretrain, Path> pre = new LinkedHashMap<>();
            for (Pretrain p : pretrains) {
                Config c = Recipes.pretrainConfig(cache, z, seed, p.masking()).with(Pretraining.MASK_RATIO.name(), p.ratio());
                pre.put(p, st.run(dir + p.stage(), Pretraining.spec(), c, 1.0, Pretraining::run));
            }
            Map<String, Path> fts = new LinkedHashMap<>();
            for (Cell c : unique.values()) {
                Path from = c.pretrain() == null ? null : pre.get(c.pretrain());
                Config conf = Recipes.finetuneConfig(cache, z, seed, new Method(c.stage(), c.label(), c.input(), c.variant()), from, targets);
                if (!c.source2().isEmpty()) conf = conf.with("source2", c.source2()).with("targets", String.join(",", without(targets, c.source2())));
                fts.put(c.stage(), st.run(dir + c.stage(), Finetuning.spec(), conf, 1.5, Finetuning::run));
            }
            st.step("seed " + seed + ": evaluate " + fts.size() + " runs", 0.3, () -> {
                for (var e : fts.entrySet()) results.computeIfAbsent(e.getKey(), x -> new ArrayList<>()).add(Evaluating.run(e.getValue(), null, device, out));
            });
        }
        st.runAll();
        String report = report(root, studies, seeds, targets, results);
        Recipes.write(root.resolve("ablation.md"), report);
        out.println();
        out.print(report);
        out.flush();
        return root.resolve("ablation.md");
    }

    /** The folder of one seed's runs under the ablation folder. */
    static String seedFolder(long seed) { return "seed-" + seed; }

    private static List<String> without(List<String> targets, String source) { return targets.stream().filter(t -> !t.equals(source)).toList(); }

    /**
     * Every study's table (mean ± std over seeds) and ordering sentences, and Fig. 8 when swept.
     * results: stage -> one result per seed, seed 1 first; the run of seed k is seed-k/STAGE under root.
     */
    static String report(Path root, List<Study> studies, int seeds, List<String> targets, Map<String, List<Evaluating.Result>> results) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "# Ablations over %d seed%s (accuracy %%, mean ± std)%n%n", seeds, seeds == 1 ? "" : "s"));
        sb.append(seeds == 1 ? "One seed gives no interval: no ordering below is resolved.\n\n"
                : "Each ordering pair: the mean paired difference over the seeds with its 95% interval (Student t); resolved when the interval excludes 0.\n\n");
        for (Study study : studies) {
            List<Cell> cs = study.cells();
            List<String> cols = cs.getFirst().source2().isEmpty() ? targets : without(targets, cs.getFirst().source2());
            ResultTable t = new ResultTable(study.title, cols);
            for (Cell c : cs) {
                List<Evaluating.Result> rs = results.get(c.stage());
                double[][] perTarget = new double[cols.size()][rs.size()];
                double[] source = new double[rs.size()];
                List<Health> health = new ArrayList<>();
                for (int s = 0; s < rs.size(); s++) {
                    for (int i = 0; i < cols.size(); i++) perTarget[i][s] = 100 * rs.get(s).targets().get(i).accuracy();
                    source[s] = 100 * rs.get(s).source().accuracy();
                    health.add(RunHealth.of(root.resolve(seedFolder(s + 1)).resolve(c.stage()), rs.get(s).source()));
                }
                t.add(c.label(), perTarget, source, health);
            }
            sb.append("## ").append(study.title).append("\n\n").append(t.markdown()).append('\n');
            String name = ConfigKey.word(study);
            try {
                t.write(root.resolve(name + ".md"), root.resolve(name + ".csv"));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + root.resolve(name + ".md"), e);
            }
            if (!study.paperOrder().isEmpty()) sb.append(Ordering.markdown(Ordering.chain(study.paperOrder(), t))).append('\n');
            if (study == Study.MASKRATIO) sb.append(maskRatioFigure(root, t)).append('\n');
        }
        return sb.toString();
    }

    private static String maskRatioFigure(Path root, ResultTable t) {
        Map<String, double[]> avg = t.averages();
        double[] ratios = Study.RATIOS;
        double[][] perSeed = new double[ratios.length][];
        for (int i = 0; i < ratios.length; i++) perSeed[i] = avg.get(Study.ratioLabel(ratios[i]));
        try {
            MaskRatioFigure.write(root.resolve("fig8-mask-ratio.png"), "Target average against the mask ratio (Fig. 8)",
                    List.of(new MaskRatioFigure.Sweep("ESGM + PDED", ratios, perSeed)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write Fig. 8", e);
        }
        return "![Fig. 8: target average against the mask ratio](fig8-mask-ratio.png)\n";
    }
}
