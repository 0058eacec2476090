package facet.train.experiment;

import facet.esgm.EsgmConfig;
import facet.esgm.MaeCheckpoint;
import facet.esgm.MaskedAutoencoder;
import facet.esgm.Masking;
import facet.esgm.MaskingKind;
import facet.nn.io.JsonWriter;
import facet.nn.io.SafeTensors;
import facet.nn.models.VisionTransformer;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.train.data.FaceDataset;
import facet.train.data.Problems;
import facet.train.data.loader.Loader;
import facet.train.data.transform.Transform;
import facet.train.data.transform.Transforms;
import facet.train.run.Config;
import facet.train.run.ConfigException;
import facet.train.run.ConfigKey;
import facet.train.run.ConfigSpec;
import facet.train.run.LoopSettings;
import facet.train.run.RunDir;
import facet.train.run.TrainLoop;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ESGM pre-training (Algorithm 1, lines 1 to 6) on the shared training loop, in two phases as
 * the paper trains: phase 1 on faces with parsing maps (CelebAMask-HQ; L_rec + lambda1 L_mask),
 * phase 2 on faces without (CelebA, FFHQ, CASIA-WebFace; the trained block picks the masks,
 * L_rec only). The same run with {@code masking = random} is the MAE baseline, and with
 * {@code marlin} the MARLIN baseline. The run folder ends with encoder.safetensors (the whole
 * autoencoder in MAE's key names, which fine-tuning reads), Fig. 4 and Fig. 5 and summary.json.
 */
public final class Pretraining {
    private Pretraining() {}

    /** The file a finished pre-training leaves for fine-tuning: the autoencoder's state dict in MAE's key names. */
    public static final String WEIGHTS = "encoder.safetensors";

    /**
     * Facet's base MAE encoder (models/README.md), which every pre-training starts from by default
     * as the paper starts from ImageNet MAE weights; its shape is the model keys' defaults.
     */
    public static final String BASE_ENCODER = "models/base-mae-32p4.safetensors";

    /** summary.json's linear probes (fractions): the run's encoder, and a random-init one of the same shape. */
    static final String PROBE_ACCURACY = "linear_probe_accuracy", RANDOM_PROBE_ACCURACY = "random_encoder_linear_probe_accuracy";

    /** mr of Eq. 4; its name and range live here only (--mask-ratio sets it, an ablation sweeps it). */
    public static final ConfigKey MASK_RATIO = ConfigKey.real("mask_ratio", 0.5, 0, 0.99, "mr of Eq. 4: the fraction of patches masked");

    public static ConfigSpec spec() {
        return ConfigSpec.of("pretrain", "ESGM (or MAE / MARLIN) pre-training of a ViT masked autoencoder, two phases")
                .section("data")
                .key(ConfigKey.string("phase1_data", "celebamask", "phase 1 faces with parsing maps: a synthetic domain or FORMAT:PATH (celebamask-hq:/data/CelebAMask-HQ)"))
                .key(ConfigKey.string("phase2_data", "faces", "phase 2 faces without parsing maps: a synthetic domain or FORMAT:PATH (faces:/data/ffhq)"))
                .key(ConfigKey.integer("train_count", 2000, 1, "synthetic faces rendered per phase (a real folder is used whole)"))
                .key(ConfigKey.integer("heldout_count", 256, 8, "held-out faces with parsing maps for the masking statistics and the figures"))
                .key(ConfigKey.integer("image_size", 32, 8, "square input size in pixels"))
                .key(ConfigKey.string("cache", "runs/cache", "folder where rendered synthetic datasets are kept"))
                .section("model")
                .key(ConfigKey.integer("patch", 4, 1, "patch size p"))
                .key(ConfigKey.integer("dim", 96, 4, "encoder width D"))
                .key(ConfigKey.integer("depth", 4, 0, "encoder blocks"))
                .key(ConfigKey.integer("heads", 3, 1, "encoder attention heads"))
                .key(ConfigKey.integer("decoder_dim", 64, 4, "decoder width"))
                .key(ConfigKey.integer("decoder_depth", 2, 0, "decoder blocks"))
                .key(ConfigKey.integer("decoder_heads", 4, 1, "decoder attention heads"))
                .key(ConfigKey.choice("gap_over", EsgmConfig.GapOver.CHANNELS, "what Eq. 3's GAP averages over (see README: ESGM)"))
                .key(ConfigKey.string("init", BASE_ENCODER, "MAE weights to start from (.safetensors or the official .pth; default: the base encoder); empty: random init"))
                .section("masking")
                .key(ConfigKey.choice("masking", MaskingKind.EXPRESSION, "expression: ESGM; random: MAE; marlin: MARLIN's parsing-guided masking"))
                .key(MASK_RATIO)
                .key(ConfigKey.bool("norm_pix", true, "reconstruct each patch normalised by its own mean and std (MAE's normPixLoss)"))
                .key(ConfigKey.real("lambda1", 1.0, 0, 100, "weight of L_mask in Eq. 8"))
                .key(ConfigKey.integer("phase2_epochs", 2, 0, "phase 2 epochs (0: phase 1 only); 'epochs' below is phase 1's"))
                .section("linear probe (summary.json: the encoder's against a random-init encoder's)")
                .key(ConfigKey.string("probe_data", "raf", "labelled faces the probe is fitted on (train split) and scored on (test split); empty: no probe"))
                .key(ConfigKey.integer("probe_train_count", 2000, 10, "synthetic training faces for the probe"))
                .key(ConfigKey.integer("probe_test_count", 500, 10, "synthetic test faces for the probe"))
                .key(ConfigKey.integer("probe_grid", 2, 1, "patch tokens are averaged over a grid x grid split of the image (1: the mean token)"))
                // the paper: lr 1.5e-4 * batch / 256 for ViT-B from MAE weights; a small ViT from scratch needs more
                .loopKeys(3, 64, 1.5e-3, 0.05, 0.95);
    }

    public record Result(Path weights, double maskedExpressionFraction, double randomMaskedExpressionFraction, double seconds) {}

    public static Result run(RunDir run, Device device) {
        Config c = run.config();
        long t0 = System.nanoTime();
        Data data = new Data(Path.of(c.s("cache")), c.i("image_size"), c.l("seed"), c.i("threads"), Problems.lenient());
        EsgmConfig ec = esgmConfig(c);
        int g = ec.encoder().gridSize(), grid = c.i("probe_grid");
        if (!c.s("probe_data").isEmpty() && g % grid != 0) {
            throw new ConfigException("probe_grid " + grid + " does not divide the encoder's " + g + "x" + g + " patch grid");
        }
        Generator init = new Generator(c.l("seed"));
        MaskedAutoencoder model = new MaskedAutoencoder(ec, init);
        if (!c.s("init").isEmpty()) loadInit(model, Path.of(c.s("init")), run);
        model.to(device);
        Generator noise = new Generator(c.l("seed") + 1);
        Masking masking = Masking.of(masking(c), noise);
        run.log().printf("pre-training: %s masking, ratio %.2f (%d of %d patches), %,d parameters, %s%n", masking.name(), ec.maskRatio(),
                ec.maskedCount(), ec.patches(), model.parameterCount(), device);

        phase(run, c, "phase1", c.i("epochs"), data.train(c.s("phase1_data"), c.i("train_count")), model, masking, noise, true, device);
        if (c.i("phase2_epochs") > 0) {
            phase(run, c, "phase2", c.i("phase2_epochs"), data.train(c.s("phase2_data"), c.i("train_count")), model, masking, noise, false, device);
        }
        Path weights = run.file(WEIGHTS);
        if (weights != null) {
            try {
                SafeTensors.write(weights, model.stateDict(), Map.of("masking", masking.name()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + weights, e);
            }
        }
        FaceDataset heldOut = data.heldOut(c.s("phase1_data"), c.i("heldout_count"));
        MaskingStats.Fractions f = MaskingStats.fractions(model, masking, heldOut, c.i("batch"), device, c.l("seed"));
        if (run.dir() != null) PretrainFigures.write(run.dir(), model, heldOut, masking, device, null);
        run.log().printf("masked patches' mean expression fraction on %d held-out faces: %.3f with %s masking, %.3f with random masking%n",
                heldOut.size(), f.masked(), masking.name(), f.random());
        Map<String, Object> summary = MaskingStats.summary(masking.name(), ec.maskRatio(), f);
        if (!c.s("probe_data").isEmpty()) summary.putAll(probe(c, data, model, ec, run, device));
        double seconds = (System.nanoTime() - t0) / 1e9;
        summary.put("seconds", seconds);
        run.write("summary.json", JsonWriter.write(summary) + "\n");
        run.log().printf("pre-trained in %.0f s%n", seconds);
        run.log().flush();
        return new Result(weights, f.masked(), f.random(), seconds);
    }

    /**
     * The linear probe ({@link LinearProbe}) of the trained encoder and of a random-init encoder of
     * the same shape (a fresh init from the run's seed), on the same faces: what pre-training put
     * into the features, as fractions for summary.json.
     */
    private static Map<String, Object> probe(Config c, Data data, MaskedAutoencoder model, EsgmConfig ec, RunDir run, Device device) {
        FaceDataset train = data.train(c.s("probe_data"), c.i("probe_train_count")), test = data.test(c.s("probe_data"), c.i("probe_test_count"));
        int grid = c.i("probe_grid");
        LinearProbe.Result trained = LinearProbe.run(model, train, test, c.i("batch"), device, grid);
        VisionTransformer random = new VisionTransformer(ec.encoder(), new Generator(c.l("seed")));
        random.to(device);
        LinearProbe.Result control = LinearProbe.run(random, train, test, c.i("batch"), device, grid);
        run.log().printf("linear probe on %s (%d train, %d test faces, %dx%d grid): %.1f%% (train %.1f%%); a random-init encoder: %.1f%%%n",
                c.s("probe_data"), train.size(), test.size(), grid, grid, 100 * trained.testAccuracy(), 100 * trained.trainAccuracy(),
                100 * control.testAccuracy());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("probe_data", c.s("probe_data"));
        m.put("probe_grid", grid);
        m.put(PROBE_ACCURACY, trained.testAccuracy());
        m.put("linear_probe_train_accuracy", trained.trainAccuracy());
        m.put(RANDOM_PROBE_ACCURACY, control.testAccuracy());
        return m;
    }

    static EsgmConfig esgmConfig(Config c) {
        var encoder = EsgmConfig.encoder(c.i("image_size"), c.i("patch"), c.i("dim"), c.i("depth"), c.i("heads"));
        EsgmConfig base = EsgmConfig.of(encoder, new EsgmConfig.Decoder(c.i("decoder_dim"), c.i("decoder_depth"), c.i("decoder_heads")));
        var block = new EsgmConfig.WeightBlock(base.weightBlock().heads(), base.weightBlock().hidden(), c.choice("gap_over", EsgmConfig.GapOver.class));
        return new EsgmConfig(encoder, base.decoder(), block, c.d(MASK_RATIO.name()), c.b("norm_pix"), c.d("lambda1"), EsgmConfig.EXPRESSION_PARTS);
    }

    /** The masking a pre-training config names. */
    static MaskingKind masking(Config c) { return c.choice("masking", MaskingKind.class); }

    private static void phase(RunDir run, Config c, String phase, int epochs, FaceDataset data, MaskedAutoencoder model, Masking masking,
                              Generator noise, boolean parsing, Device device) {
        run.log().printf("%s: %d faces (%s), %d epochs%s%n", phase, data.size(), data.name(), epochs,
                parsing ? ", parsing maps guide the mask weights" : ", no parsing maps: the learned weights pick the masks");
        // MAE's augmentation, gentler for small faces: a random resized crop and a flip (the parsing map moves along)
        Transform augment = Transform.of(Transforms.randomResizedCrop(c.i("image_size"), 0.6, 1.0, 3.0 / 4, 4.0 / 3),
                Transforms.horizontalFlip(0.5), Experiment.normalize());
        try (Loader loader = Loader.over(data).batchSize(c.i("batch")).shuffle(true).dropLast(true).seed(c.l("seed")).workers(1).prefetch(2)
                .transform(augment).build()) {
            TrainLoop.run(new PretrainTask(model, masking, noise, parsing, device), loader,
                    Experiment.loop(c, phase, epochs), run);
        }
    }

    private static void loadInit(MaskedAutoencoder model, Path file, RunDir run) {
        // the default is a relative path, which ./facet resolves from the repository root: name the absolute one
        String which = "init " + file.toAbsolutePath() + (file.toString().equals(BASE_ENCODER)
                ? " (the default: the base encoder, patch 4, dim 96, depth 4, heads 3, decoder 64 / 2 / 4)" : "");
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(which + " is not a file; set init = (empty) to start from random weights");
        try {
            MaeCheckpoint.load(model, file, new PrintStream(System.out, true));
        } catch (IOException e) {
            throw new UncheckedIOException(which + ": cannot read it", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(which + " does not fit this config: " + e.getMessage()
                    + "; give a config of its shape, or set init = (empty) to start from random weights");
        }
        run.log().println("started from " + file);
    }
}
