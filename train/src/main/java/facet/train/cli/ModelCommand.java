package facet.train.cli;

import facet.nn.Layer;
import facet.nn.Summary;
import facet.nn.models.ResNet18;
import facet.nn.models.ResNetConfig;
import facet.nn.models.ViTConfig;
import facet.nn.models.VisionTransformer;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import facet.train.data.Text;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Prints a model's layers (name, type, output shape, parameters) and its total parameter
 * count. Output shapes are measured by running the model once on a single image.
 */
@Command(name = "model", description = "Per-layer summary of a model: output shapes (one image) and parameter counts.")
final class ModelCommand implements Callable<Integer> {
    /** A model the command knows: its default image size and how to build it. */
    record Entry(int defaultImage, String description, Builder builder) {}

    @FunctionalInterface
    interface Builder {
        Layer build(int classes, int image, Generator g);
    }

    static final Map<String, Entry> MODELS = new LinkedHashMap<>();

    static {
        MODELS.put("resnet18", new Entry(224, "ResNet-18, ImageNet stem",
                (c, s, g) -> new ResNet18(ResNetConfig.imagenet(c), g)));
        MODELS.put("resnet18-small", new Entry(32, "ResNet-18, small-image stem (3x3 stride 1, no max pool)",
                (c, s, g) -> new ResNet18(ResNetConfig.small(c), g)));
        MODELS.put("vit-b16", new Entry(224, "ViT-B/16, learned position embedding",
                (c, s, g) -> new VisionTransformer(ViTConfig.base16(c).withImageSize(s), g)));
        MODELS.put("vit-tiny", new Entry(224, "ViT-Ti/16 (DeiT-Tiny), learned position embedding",
                (c, s, g) -> new VisionTransformer(ViTConfig.tiny16(c).withImageSize(s), g)));
    }

    /** Largest --image: one image through ResNet-18 at 1024x1024 already takes about a gigabyte. */
    static final int MAX_IMAGE = 1024;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "one of: resnet18, resnet18-small, vit-b16, vit-tiny")
    String name;

    @Option(names = "--classes", description = "classes of the head, 0 for none (default ${DEFAULT-VALUE})")
    int classes = 1000;

    @Option(names = "--image", description = "image size S (an S x S RGB image); default 224, or 32 for resnet18-small")
    Integer image;

    @Option(names = "--depth", description = "deepest level of layers to list, 0 for the model alone (default: all)")
    int depth = Integer.MAX_VALUE;

    @Override public Integer call() {
        Entry e = MODELS.get(name);
        if (e == null) throw Options.bad(spec, "unknown model " + Text.quote(name) + "; models: " + String.join(", ", MODELS.keySet()));
        int s = image == null ? e.defaultImage() : image;
        Options.range(spec, "--classes", classes, 0, 100_000);
        Options.range(spec, "--image", s, 1, MAX_IMAGE);
        Options.range(spec, "--depth", depth, 0, Integer.MAX_VALUE);
        Layer model;
        try {
            model = e.builder().build(classes, s, new Generator(0));
        } catch (IllegalArgumentException bad) { // the model's own rule, e.g. a ViT's image must be a multiple of its patch
            throw Options.bad(spec, "--image " + s + " does not suit " + name + ": " + bad.getMessage());
        }
        System.out.println(name + ": " + e.description() + ", " + s + "x" + s + " input, " + classes + " classes");
        System.out.print(Summary.of(model, Tensor.zeros(1, 3, s, s)).format(depth));
        return 0;
    }
}
