package facet.train.experiment;

import facet.esgm.MaeCheckpoint;
import facet.esgm.MaskedAutoencoder;
import facet.esgm.Masking;
import facet.esgm.MaskingKind;
import facet.nn.io.AtomicFiles;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.train.data.Problems;
import facet.train.report.CurvesFigure;
import facet.train.run.Config;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./facet demo}: the paper's pipeline end to end on the synthetic domains. Pre-trains
 * twice (random masking = MAE; ESGM), fine-tunes on raf four ways (plain ResNet-18; MAE +
 * ResNet-18; ESGM + PDED; ESGM + single decoupling, for Fig. 7), evaluates each on raf's test
 * split and the five targets, and writes report.md with a Table I-style table, whether the
 * paper's ordering holds, and the figures. Every stage is a run folder of its own under the
 * demo's folder; {@code --resume} continues a killed demo (see {@link Stages}).
 */
public final class Demo {
    private Demo() {}

    /** The demo's sizes: full (about 10 minutes on 2 cores) or quick (about 3). */
    public record Sizes(int pretrainCount, int phase1Epochs, int phase2Epochs, int heldOut, int trainCount, int testCount, int finetuneEpochs,
                        int tsnePerDomain) {
        public static Sizes of(boolean quick) {
            return quick ? new Sizes(1000, 3, 2, 64, 1200, 200, 4, 80) : new Sizes(3000, 6, 4, 128, 3000, 500, 6, 150);
        }

        /** An ablation runs many stages per seed: between the two (about 6 minutes a seed for Tables IV and V on 2 cores). */
        public static Sizes ablation(boolean quick) {
            return quick ? of(true) : new Sizes(2000, 4, 2, 128, 2000, 400, 5, 150);
        }
    }

    record Method(String stage, String label, String input, String variant) {}

    static final List<Method> METHODS = List.of(
            new Method("finetune-resnet18", "Baseline (ResNet-18)", "image", "none"),
            new Method("finetune-mae", "Baseline (MAE + ResNet-18)", "mae", "none"),
            new Method("finetune-esgm-pded", "Ours (ESGM + PDED)", "esgm", "progressive"),
            new Method("finetune-esgm-single", "ESGM + single decoupling", "esgm", "single"));

    public static Path run(Path root, boolean quick, long seed, Device device, PrintWriter out) {
        Sizes z = Sizes.of(quick);
        long t0 = System.nanoTime();
        List<Double> weights = List.of(0.6, 1.0, 1.2, 0.1, 1.4, 1.6, 1.6, 1.6, 0.6, 0.6);
        Stages st = new Stages(root, out, device, weights);
        writeManifest(root, quick, seed);
        String cache = Path.of("runs", "cache").toString();
        List<String> targets = Data.defaultTargets();

        st.step("render the synthetic datasets (cached in " + cache + ")", 0.6, () -> render(cache, z, seed, targets));
        Config mae = pretrainConfig(cache, z, seed, "random"), esgm = pretrainConfig(cache, z, seed, "expression");
        Path maeDir = st.run("pretrain-mae", Pretraining.spec(), mae, 1.0, Pretraining::run);
        Path esgmDir = st.run("pretrain-esgm", Pretraining.spec(), esgm, 1.2, Pretraining::run);
        st.step("Fig. 5: both models reconstruct ESGM's masked patches", 0.1, () -> fig5(root, esgmDir, maeDir, device));
        Map<String, Path> runs = new LinkedHashMap<>();
        for (Method m : METHODS) {
            Path from = m.input().equals("mae") ? maeDir : m.input().equals("esgm") ? esgmDir : null;
            runs.put(m.stage(), st.run(m.stage(), Finetuning.spec(), finetuneConfig(cache, z, seed, m, from, targets), 1.6, (r, d) -> Finetuning.run(r, d)));
        }
        Map<String, Evaluating.Result> results = new LinkedHashMap<>();
        st.step("evaluate on raf's test split and " + String.join(", ", targets), 0.6, () -> {
            for (Method m : METHODS) {
                out.println("--- " + m.label());
                results.put(m.stage(), Evaluating.run(runs.get(m.stage()), null, device, out));
            }
        });
        st.step("figures: training curves, Fig. 6 (t-SNE), Fig. 7 (Grad-CAM)", 0.6, () -> {
            curves(root, maeDir, esgmDir, runs);
            FinetuneFigures.fig6(root.resolve(FinetuneFigures.FIG6), runs.get("finetune-esgm-pded"), "sfew", z.tsnePerDomain(), device);
            FinetuneFigures.fig7(root.resolve(FinetuneFigures.FIG7), runs.get("finetune-esgm-single"), runs.get("finetune-esgm-pded"), 4, device);
        });
        String report = DemoReport.markdown(root, quick, seed, targets, METHODS, results, maeDir, esgmDir, (System.nanoTime() - t0) / 1e9);
        write(root.resolve("report.md"), report);
        out.println();
        out.print(DemoReport.table(targets, METHODS, results).markdown());
        out.println();
        out.print(facet.train.report.Ordering.markdown(DemoReport.orderings(DemoReport.table(targets, METHODS, results))));
        out.printf("%nreport: %s%n", root.resolve("report.md"));
        out.flush();
        return root.resolve("report.md");
    }

    static Config pretrainConfig(String cache, Sizes z, long seed, String masking) {
        return Config.defaults(Pretraining.spec()).with(List.of("cache=" + cache, "masking=" + masking, "seed=" + seed,
                "train_count=" + z.pretrainCount(), "heldout_count=" + z.heldOut(), "epochs=" + z.phase1Epochs(), "phase2_epochs=" + z.phase2Epochs()));
    }

    static Config finetuneConfig(String cache, Sizes z, long seed, Method m, Path from, List<String> targets) {
        List<String> set = new ArrayList<>(List.of("cache=" + cache, "seed=" + seed, "input=" + m.input(), "variant=" + m.variant(),
                "train_count=" + z.trainCount(), "test_count=" + z.testCount(), "epochs=" + z.finetuneEpochs(), "targets=" + String.join(",", targets)));
        if (from != null) set.add("from=" + from);
        return Config.defaults(Finetuning.spec()).with(set);
    }

    /** Renders every dataset the stages will read, so the stages' own timings are training only. */
    private static void render(String cache, Sizes z, long seed, List<String> targets) {
        Data d = new Data(Path.of(cache), 32, seed, Runtime.getRuntime().availableProcessors(), Problems.lenient());
        d.train("celebamask", z.pretrainCount());
        d.train("faces", z.pretrainCount());
        d.heldOut("celebamask", z.heldOut());
        d.train("raf", z.trainCount());
        d.test("raf", z.testCount());
        for (String t : targets) d.test(t, z.testCount());
    }

    private static void fig5(Path root, Path esgmDir, Path maeDir, Device device) {
        Config c = Config.read(Pretraining.spec(), esgmDir.resolve("config.conf"));
        MaskedAutoencoder esgm = loadAutoencoder(esgmDir, device), mae = loadAutoencoder(maeDir, device);
        Data d = new Data(Path.of(c.s("cache")), c.i("image_size"), c.l("seed"), c.i("threads"), Problems.lenient());
        var heldOut = d.heldOut(c.s("phase1_data"), c.i("heldout_count"));
        PretrainFigures.write(root, esgm, heldOut, Masking.of(MaskingKind.EXPRESSION, null), device, mae);
    }

    static MaskedAutoencoder loadAutoencoder(Path dir, Device device) {
        Config c = Config.read(Pretraining.spec(), dir.resolve("config.conf"));
        MaskedAutoencoder m = new MaskedAutoencoder(Pretraining.esgmConfig(c), new Generator(c.l("seed")));
        try {
            MaeCheckpoint.load(m, dir.resolve(Pretraining.WEIGHTS), new PrintStream(PrintStream.nullOutputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir.resolve(Pretraining.WEIGHTS), e);
        }
        m.to(device);
        return m;
    }

    private static void curves(Path root, Path maeDir, Path esgmDir, Map<String, Path> runs) {
        try {
            for (String phase : List.of("phase1", "phase2")) {
                if (Files.exists(esgmDir.resolve("metrics-" + phase + ".csv"))) {
                    CurvesFigure.fromCsv(esgmDir.resolve("metrics-" + phase + ".csv"), "step", root.resolve("curves-pretrain-esgm-" + phase + ".png"),
                            "ESGM pre-training, " + phase);
                }
            }
            for (var e : runs.entrySet()) {
                CurvesFigure.fromCsv(e.getValue().resolve("metrics.csv"), "step", root.resolve("curves-" + e.getKey() + ".png"), "Fine-tuning: " + e.getKey());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw the training curves", e);
        }
    }

    static final String MANIFEST = "demo.conf";

    private static void writeManifest(Path root, boolean quick, long seed) {
        Path f = root.resolve(MANIFEST);
        if (!Files.exists(f)) write(f, "# what this demo was started with; --resume reads it\nquick = " + quick + "\nseed = " + seed + "\n");
    }

    /** What a demo folder was started with, for --resume: {quick, seed}. */
    public record Manifest(boolean quick, long seed) {}

    public static Manifest manifest(Path root) {
        Map<String, String> kv = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(root.resolve(MANIFEST))) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) kv.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
            return new Manifest(Boolean.parseBoolean(kv.get("quick")), Long.parseLong(kv.get("seed")));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("--resume " + root + ": not a demo folder (no readable " + MANIFEST + ")");
        }
    }

    static void write(Path f, String text) {
        try {
            AtomicFiles.writeString(f, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + f, e);
        }
    }
}
