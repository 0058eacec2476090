package facet.train.experiment;

import facet.esgm.MaeCheckpoint;
import facet.nn.models.ResNetConfig;
import facet.nn.models.ViTConfig;
import facet.nn.models.VisionTransformer;
import facet.pded.PdedConfig;
import facet.pded.PdedModel;
import facet.pded.Variant;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.train.data.FaceDataset;
import facet.train.data.FaceDatasets;
import facet.train.data.Problems;
import facet.train.data.loader.Loader;
import facet.train.data.transform.Transform;
import facet.train.data.transform.Transforms;
import facet.train.run.Config;
import facet.train.run.ConfigException;
import facet.train.run.ConfigKey;
import facet.train.run.ConfigSpec;
import facet.train.run.RunDir;
import facet.train.run.TrainLoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * PDED fine-tuning (Algorithm 1, lines 7 to 12) on the shared training loop: a source dataset (or
 * two), the encoder of a pre-training run (or none: the plain ResNet-18 baseline), one of the
 * decoupling variants of Table V. The run folder's checkpoint.safetensors holds the model that
 * {@link Evaluating} tests on the targets.
 */
public final class Finetuning {
    private Finetuning() {}

    public static ConfigSpec spec() {
        return ConfigSpec.of("finetune", "PDED fine-tuning on a source dataset, from pixels or a pre-trained encoder")
                .section("data")
                .key(ConfigKey.string("source", "raf", "source dataset: a synthetic domain or FORMAT:PATH (rafdb:/data/RAF-DB)"))
                .key(ConfigKey.string("source2", "", "second source for the multi-source setting (Table III); empty: one source plus its blurred copy"))
                .key(ConfigKey.integer("train_count", 3000, 1, "synthetic training faces per source (a real folder's train split is used whole)"))
                .key(ConfigKey.integer("test_count", 500, 1, "synthetic test faces per dataset"))
                .key(ConfigKey.string("targets", String.join(",", Data.defaultTargets()), "datasets to evaluate on, comma-separated (synthetic names or FORMAT:PATH)"))
                .key(ConfigKey.integer("image_size", 32, 8, "square input size in pixels (an encoder's own size wins)"))
                .key(ConfigKey.string("cache", "runs/cache", "folder where rendered synthetic datasets are kept"))
                .key(ConfigKey.bool("random_crop", true, "augment with random shifts of up to image_size / 12 pixels (a zero-padded crop) besides flips and colour jitter"))
                .section("model")
                .key(ConfigKey.choice("input", Input.ESGM, "image: ResNet-18 from pixels; mae / esgm / marlin: the encoder of a pre-training run with that masking"))
                .key(ConfigKey.string("from", "", "the pre-training run folder (needed unless input = image)"))
                .key(ConfigKey.choice("variant", Variant.PROGRESSIVE, "decoupling (Table V)"))
                .key(ConfigKey.real("width", 0.25, 1e-3, 4, "ResNet-18 width factor; 1.0 is 64-512 channels"))
                .key(ConfigKey.choice("stem", ResNetConfig.Stem.SMALL, "image input's stem: small (3x3, for 32-64 px) or imagenet (7x7/2 + max pool, for 224 px)"))
                .key(ConfigKey.choice("encoder_mode", PdedConfig.EncoderMode.TRAIN, "whether fine-tuning updates the encoder"))
                .key(ConfigKey.integer("upsample", 2, 1, "nearest-neighbour factor from the encoder's patch grid to stage 1 (2: 8x8 patches -> 16x16)"))
                .key(ConfigKey.integer("decoupler_kernel", 3, 1, "side of each decoupler's convolution (odd)"))
                .key(ConfigKey.real("lambda2", 1.0, 0, 100, "weight of L_dom in Eq. 13"))
                .key(ConfigKey.real("blur_sigma", 1.0, 0.1, 20, "Gaussian blur of the augmented domain x_a, in pixels"))
                .key(ConfigKey.choice("decoupler_gradients", PdedConfig.Gradients.SEPARATED,
                        "separated: L_dom trains only the decouplers and the domain head, L_exp all else; joint: both reach everything (README: PDED)"))
                .key(ConfigKey.real("decoupler_lr_scale", 0.1, 0, 10, "the decouplers' convolutions learn at this times lr (README: PDED)"))
                .section("recipe (MAE's fine-tuning practice)")
                .key(ConfigKey.real("layer_decay", 0.75, 0.01, 1, "layer-wise lr decay over the encoder: block i learns at layer_decay^(depth - i) of lr (1: off)"))
                .key(ConfigKey.real("drop_path", 0, 0, 0.9, "stochastic depth of the encoder's last block, linear from 0 over the blocks (MAE: 0.1 for long fine-tuning; 0 measured best at the demo's three epochs)"))
                .key(ConfigKey.bool("no_decay_tokens", true, "no weight decay on the encoder's class token and positions, as MAE (false: decay them)"))
                // the paper: lr 1e-4 for a ViT-B encoder from MAE weights; small nets from scratch need more
                .loopKeys(8, 64, 2e-3, 0.05, 0.999);
    }

    public record Result(Path checkpoint, double seconds) {}

    public static Result run(RunDir run, Device device) {
        Config c = run.config();
        long t0 = System.nanoTime();
        Built built = build(c, device, true);
        Data data = new Data(Path.of(c.s("cache")), built.size, c.l("seed"), c.i("threads"), Problems.lenient());
        boolean multi = !c.s("source2").isEmpty();
        FaceDataset train = data.train(c.s("source"), c.i("train_count"));
        if (multi) train = FaceDatasets.concat(List.of(train, data.train(c.s("source2"), c.i("train_count"))));
        run.log().printf("fine-tuning: input %s, %s decoupling, %,d parameters (%,d trained), %d training faces (%s), %s%n", c.s("input"),
                c.s("variant"), built.model.parameterCount(), trainedCount(built.model), train.size(), train.name(), device);
        int size = built.size;
        Loader.Builder lb = Loader.over(train).batchSize(c.i("batch")).shuffle(true).dropLast(true).seed(c.l("seed")).workers(1).prefetch(2)
                .transform(augmentation(c.b("random_crop"), size));
        if (multi) lb.domains(Data.label(c.s("source")), Data.label(c.s("source2")));
        try (Loader loader = lb.build()) {
            var recipe = new FinetuneTask.Recipe(c.d("layer_decay"), c.b("no_decay_tokens"), c.d("decoupler_lr_scale"));
            TrainLoop.run(new FinetuneTask(built.model, built.generator, c.d("blur_sigma"), multi, recipe, device), loader, Experiment.loop(c, "", c.i("epochs")), run);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        run.log().printf("fine-tuned in %.0f s%n", seconds);
        return new Result(run.file("checkpoint.safetensors"), seconds);
    }

    /**
     * The training faces' augmentation: with randomCrop, a shift of up to size / 12 pixels (a
     * zero-padded crop, torchvision's RandomCrop with padding); then a horizontal flip, colour
     * jitter and the normalisation. The paper names none of it.
     */
    static Transform augmentation(boolean randomCrop, int size) {
        Transform flipJitter = Transform.of(Transforms.horizontalFlip(0.5), Transforms.colorJitter(0.2, 0.2, 0.2, 0.0), Experiment.normalize());
        return randomCrop ? Transform.of(Transforms.randomCrop(size, size, Math.max(1, size / 12)), flipJitter) : flipJitter;
    }

    /** A model, the image size it takes, and the generator it was built from (the encoder's drop path draws from it while training). */
    record Built(PdedModel model, int size, Generator generator) {}

    /**
     * The model a finetune config describes; with pretrained, the encoder gets the pre-training
     * run's weights (a model about to load a fine-tuned checkpoint does not need them).
     */
    static Built build(Config c, Device device, boolean pretrained) {
        Input input = c.choice("input", Input.class);
        int size = c.i("image_size");
        ViTConfig vit = null;
        Path weights = null;
        if (input.pretrained()) {
            String name = c.s("input");
            if (c.s("from").isEmpty()) throw new ConfigException("input " + name + " needs 'from', the pre-training run folder");
            Path from = Path.of(c.s("from"));
            Config pre = Config.read(Pretraining.spec(), from.resolve("config.conf"));
            if (Pretraining.masking(pre) != input.masking()) {
                throw new ConfigException("input " + name + " expects a pre-training with " + input.masking().configName() + " masking, but " + from + " used "
                        + Pretraining.masking(pre).configName() + " masking");
            }
            // a frozen encoder runs in train mode without a graph: drop path there would only add noise to fixed features
            boolean frozen = c.choice("encoder_mode", PdedConfig.EncoderMode.class) == PdedConfig.EncoderMode.FROZEN;
            vit = Pretraining.esgmConfig(pre).encoder().withDropPath(frozen ? 0 : c.d("drop_path"));
            size = vit.imageSize();
            weights = from.resolve(Pretraining.WEIGHTS);
            if (!Files.isRegularFile(weights)) throw new ConfigException("from: " + from + " has no " + Pretraining.WEIGHTS + " (did its pre-training finish?)");
        }
        var resnet = new ResNetConfig(PdedConfig.EXPRESSIONS, c.choice("stem", ResNetConfig.Stem.class), c.d("width"), 3);
        PdedConfig pc = new PdedConfig(size, input.pded(), c.choice("variant", Variant.class), resnet, input.pretrained() ? vit : vitFor(size),
                c.choice("encoder_mode", PdedConfig.EncoderMode.class), c.i("upsample"), c.i("decoupler_kernel"),
                2, c.d("lambda2"), c.choice("decoupler_gradients", PdedConfig.Gradients.class));   // two domains: original / blurred, or source / source2
        Generator g = new Generator(c.l("seed"));
        VisionTransformer encoder = null;
        if (input.pretrained()) {
            encoder = new VisionTransformer(vit, g);
            if (pretrained) {
                try {
                    MaeCheckpoint.loadEncoder(encoder, weights);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the encoder weights " + weights, e);
                }
            }
        }
        PdedModel model = new PdedModel(pc, encoder, g);
        model.to(device);
        return new Built(model, size, g);
    }

    /** The IMAGE input ignores the encoder's shape; any valid one at this size will do (one patch). */
    private static ViTConfig vitFor(int size) {
        ViTConfig d = PdedConfig.defaults().encoder();
        return new ViTConfig(size, size, 3, d.dim(), d.depth(), d.heads(), d.mlpRatio(), 0, true, d.posEmbed(), d.pool(), 0, 0);
    }

    private static long trainedCount(PdedModel m) {
        return m.config.input() == PdedConfig.Input.ENCODER && m.config.encoderMode() == PdedConfig.EncoderMode.FROZEN
                ? m.parameterCount() - m.encoder.parameterCount() : m.parameterCount();
    }
}
