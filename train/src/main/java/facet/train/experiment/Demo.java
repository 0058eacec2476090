package facet.train.experiment;

import facet.esgm.MaeCheckpoint;
import facet.esgm.MaskedAutoencoder;
import facet.esgm.Masking;
import facet.pded.Variant;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.train.data.Problems;
import facet.train.experiment.Recipes.Method;
import facet.train.experiment.Recipes.Sizes;
import facet.train.report.CurvesFigure;
import facet.train.run.Config;
import facet.train.run.ConfigException;
import facet.train.run.ConfigKey;
import facet.train.run.ConfigSpec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./facet demo}: the paper's pipeline end to end on the synthetic domains. Pre-trains
 * twice from the base encoder ({@link Pretraining#BASE_ENCODER}, as the paper starts from
 * ImageNet MAE weights): random masking = MAE, and ESGM. Fine-tunes on raf five ways (ResNet-18
 * from pixels without and with PDED, where decoupling can be seen apart from pre-training; MAE +
 * ResNet-18; ESGM + PDED; ESGM + single decoupling, for Fig. 7), evaluates each on raf's test
 * split and the five targets, and writes report.md with a Table I-style table, whether the
 * paper's ordering holds, and the figures. Every stage is a run folder of its own under the
 * demo's folder; {@code --resume} continues a killed demo (see {@link Stages}).
 */
public final class Demo {
    private Demo() {}

    static final List<Method> METHODS = List.of(
            new Method(DemoReport.RESNET, "Baseline (ResNet-18)", Input.IMAGE, Variant.NONE),
            new Method(DemoReport.RESNET_PDED, "ResNet-18 + PDED (pixels)", Input.IMAGE, Variant.PROGRESSIVE),
            new Method(DemoReport.MAE, "Baseline (MAE + ResNet-18)", Input.MAE, Variant.NONE),
            new Method(DemoReport.OURS, "Ours (ESGM + PDED)", Input.ESGM, Variant.PROGRESSIVE),
            new Method(DemoReport.SINGLE, "ESGM + single decoupling", Input.ESGM, Variant.SINGLE));

    public static Path run(Path root, boolean quick, long seed, Device device, PrintWriter out) {
        Sizes z = Sizes.demo(quick);
        long t0 = System.nanoTime();
        Stages st = new Stages(root, out, device);
        writeManifest(root, quick, seed);
        String cache = Path.of("runs", "cache").toString();
        List<String> targets = Data.defaultTargets();

        st.step("render the synthetic datasets (cached in " + cache + ")", 0.6, () -> render(cache, z, seed, targets));
        Map<Input, Path> encoders = new EnumMap<>(Input.class);
        encoders.put(Input.MAE, st.run("pretrain-mae", Pretraining.spec(), Recipes.pretrainConfig(cache, z, seed, Input.MAE.masking()), 1.0, Pretraining::run));
        encoders.put(Input.ESGM, st.run("pretrain-esgm", Pretraining.spec(), Recipes.pretrainConfig(cache, z, seed, Input.ESGM.masking()), 1.2, Pretraining::run));
        Path maeDir = encoders.get(Input.MAE), esgmDir = encoders.get(Input.ESGM);
        st.step("Fig. 5: both models reconstruct ESGM's masked patches", 0.1, () -> fig5(root, esgmDir, maeDir, device));
        Map<String, Path> runs = new LinkedHashMap<>();
        for (Method m : METHODS) {
            Config c = Recipes.finetuneConfig(cache, z, seed, m, encoders.get(m.input()), targets);
            runs.put(m.stage(), st.run(m.stage(), Finetuning.spec(), c, 1.6, Finetuning::run));
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
            FinetuneFigures.fig6(root.resolve(FinetuneFigures.FIG6), runs.get(DemoReport.OURS), "sfew", z.tsnePerDomain(), device);
            FinetuneFigures.fig7(root.resolve(FinetuneFigures.FIG7), runs.get(DemoReport.SINGLE), runs.get(DemoReport.OURS), 4, device);
        });
        st.runAll();
        String report = DemoReport.markdown(root, quick, seed, targets, METHODS, results, maeDir, esgmDir, (System.nanoTime() - t0) / 1e9);
        Recipes.write(root.resolve("report.md"), report);
        out.println();
        out.print(DemoReport.console(root, targets, METHODS, results));
        out.printf("%nreport: %s%n", root.resolve("report.md"));
        out.flush();
        return root.resolve("report.md");
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
        PretrainFigures.write(root, esgm, heldOut, Masking.of(Input.ESGM.masking(), null), device, mae);
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

    // ---- the manifest: what a demo folder was started with, for --resume ------------------------

    static final String MANIFEST = "demo.conf";

    /** The manifest's keys, read and written in the config format (a demo is not a run kind: no loop keys). */
    private static ConfigSpec manifestSpec() {
        return ConfigSpec.of("demo", "what this demo was started with; --resume reads it")
                .key(ConfigKey.bool("quick", false, "the quick sizes"))
                .key(ConfigKey.longKey("seed", 1, "every random stream derives from it"));
    }

    private static void writeManifest(Path root, boolean quick, long seed) {
        Path f = root.resolve(MANIFEST);
        if (!Files.exists(f)) Recipes.write(f, Config.defaults(manifestSpec()).with("quick", quick).with("seed", seed).text());
    }

    /** What a demo folder was started with, for --resume: {quick, seed}. */
    public record Manifest(boolean quick, long seed) {}

    public static Manifest manifest(Path root) {
        try {
            Config c = Config.read(manifestSpec(), root.resolve(MANIFEST));
            return new Manifest(c.b("quick"), c.l("seed"));
        } catch (ConfigException e) {
            throw new IllegalArgumentException("--resume " + root + ": not a demo folder (" + e.getMessage() + ")");
        }
    }
}
