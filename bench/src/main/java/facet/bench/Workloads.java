package facet.bench;

import facet.autograd.Losses;
import facet.autograd.Variable;
import facet.esgm.EsgmConfig;
import facet.esgm.MaskedAutoencoder;
import facet.esgm.Masking;
import facet.esgm.MaskingKind;
import facet.nn.Layer;
import facet.nn.models.ResNet18;
import facet.nn.models.ResNetConfig;
import facet.nn.models.ViTConfig;
import facet.nn.models.VisionTransformer;
import facet.nn.optim.AdamW;
import facet.nn.optim.ParamGroup;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.StepArena;
import facet.tensor.Tensor;

import java.util.Set;

/**
 * The two reference workloads, one training step each (forward, cross-entropy, backward, AdamW
 * with lr 1e-3 and weight decay 0.05 off biases and norms) on a fixed random batch of 3x64x64
 * images with labels i mod 7; StepCommand times them on the CPU, GpuBenchmark on cuda:0.
 * <ul>
 *   <li>W1: ResNet-18, small-image stem (3x3 stride 1, no max-pool), widths 64-512, 7 classes;</li>
 *   <li>W2: ViT, patch 8 on 64x64 (65 tokens), dim 192, depth 6, 3 heads, MLP ratio 4, 7 classes;</li>
 *   <li>W3: one ESGM pre-training step ({@link EsgmConfig#w3}): the W2 encoder on the 32 visible
 *   patches, decoder dim 128, depth 2, 4 heads, mask ratio 0.5 chosen by the mask-weight block,
 *   normalised-pixel target, L_rec + L_mask against a fixed parsing map, AdamW (MAE's settings).</li>
 * </ul>
 * A step's flop count is the usual estimate of 3x the forward multiply-adds (forward, dX, dW), times 2.
 */
final class Workloads {
    private Workloads() {}

    static final int IMAGE = 64, CLASSES = 7;

    static final ViTConfig W2 = new ViTConfig(IMAGE, 8, 3, 192, 6, 3, 4.0, CLASSES, true, ViTConfig.PosEmbed.LEARNED,
            ViTConfig.Pool.CLS, 0, 0);

    /** A workload's model in train mode, and its forward multiply-adds per image. */
    record Model(String name, Layer net, double macsPerImage) {
        double stepFlops(int batch) { return 3 * 2.0 * batch * macsPerImage; }
    }

    /** W1, W2 or W3 (any case), initialised from g on the CPU. */
    static Model model(String workload, Generator g) {
        Model m = switch (workload.toUpperCase()) {
            case "W1" -> new Model("W1", new ResNet18(ResNetConfig.small(CLASSES), g), resnetMacs(IMAGE));
            case "W2" -> new Model("W2", new VisionTransformer(W2, g), vitMacs(W2));
            case "W3" -> new Model("W3", new MaskedAutoencoder(EsgmConfig.w3(), g), esgmMacs(EsgmConfig.w3()));
            default -> throw new IllegalArgumentException("step: unknown workload '" + workload + "' (W1, W2 or W3)");
        };
        m.net().train();
        return m;
    }

    /**
     * One training step of the model on x (B, 3, 64, 64) and its labels, with an AdamW built now
     * over the model's parameters where they are: move the model first.
     */
    static Runnable trainingStep(Model m, Tensor x, Tensor labels) {
        if (m.net() instanceof MaskedAutoencoder mae) {
            // MAE's AdamW: lr 1.5e-4 * batch / 256, betas (0.9, 0.95), the model's no-decay set
            AdamW opt = new AdamW(ParamGroup.decayAndNoDecay(mae, 0.05, mae.noWeightDecay()), 1.5e-4 * x.size(0) / 256, 0.9, 0.95, 1e-8);
            Masking masking = Masking.of(MaskingKind.EXPRESSION, null);
            Tensor parsing = parsing(x.device(), x.size(0));
            StepArena arena = new StepArena();
            return () -> {
                try (StepArena.Scope ignored = arena.enter()) {
                    opt.zeroGrad();
                    mae.forward(x, parsing, masking).losses().total().backward();
                    opt.step();
                }
            };
        }
        AdamW opt = new AdamW(ParamGroup.decayAndNoDecay(m.net(), 0.05, Set.of()), 1e-3, 0.9, 0.999, 1e-8);
        Variable input = Variable.constant(x);
        StepArena arena = new StepArena();
        return () -> {
            try (StepArena.Scope ignored = arena.enter()) {   // as the training loop does
                opt.zeroGrad();
                Variable loss = Losses.crossEntropy(m.net().apply(input), labels, 0);
                loss.backward();
                opt.step();
            }
        };
    }

    /** A standard-normal batch (B, 3, 64, 64) from g, made on device (the same numbers on any device). */
    static Tensor images(Generator g, Device device, int batch) {
        return Tensor.randn(g, device, DType.F32, batch, 3, IMAGE, IMAGE);
    }

    /** Labels (B) int32: i mod 7. */
    static Tensor labels(Device device, int batch) {
        int[] y = new int[batch];
        for (int i = 0; i < batch; i++) y[i] = i % CLASSES;
        return Tensor.ofInts(y, batch).to(device);
    }

    /** A fixed parsing map (B, 64, 64) for W3's L_mask: part id (row / 8 + column / 8 + image) mod 19, every id present. */
    static Tensor parsing(Device device, int batch) {
        int[] p = new int[batch * IMAGE * IMAGE];
        for (int i = 0; i < p.length; i++) p[i] = ((i / IMAGE) % IMAGE / 8 + i % IMAGE / 8 + i / (IMAGE * IMAGE)) % 19;
        return Tensor.ofInts(p, batch, IMAGE, IMAGE).to(device);
    }

    /**
     * Forward multiply-adds of an ESGM step per image: patch embedding of all N patches, the
     * mask-weight block on N tokens (qkv + proj 4 d^2, attention 2 N d, the MLP), the encoder's
     * blocks on the 1 + K visible tokens, the decoder embedding, blocks on 1 + N tokens and head.
     */
    static double esgmMacs(EsgmConfig c) {
        double n = c.patches(), k = n - c.maskedCount(), d = c.encoder().dim(), dd = c.decoder().dim(), h = c.weightBlock().hidden();
        double embed = n * c.patchDim() * d;
        double block = n * 4 * d * d + 2 * n * n * d + n * h + h * h + h * n;
        double enc = c.encoder().depth() * ((1 + k) * 12 * d * d + 2 * (1 + k) * (1 + k) * d);
        double dec = (1 + k) * d * dd + c.decoder().depth() * ((1 + n) * 12 * dd * dd + 2 * (1 + n) * (1 + n) * dd) + (1 + n) * dd * c.patchDim();
        return embed + block + enc + dec;
    }

    /** Forward multiply-adds of ResNet-18 (small stem, 7 classes) per image: its convolutions and the head. */
    static double resnetMacs(int image) {
        double macs = 512 * CLASSES;
        for (ConvCommand.Layer l : ConvCommand.resnet18Small(image)) {
            int out = l.in() / l.stride();
            macs += (double) l.count() * l.o() * out * out * l.c() * l.k() * l.k();
        }
        return macs;
    }

    /** Forward multiply-adds of the ViT per image: patch embedding, per block qkv + proj + MLP (12 d^2 per token) and attention (2 T d), head. */
    static double vitMacs(ViTConfig c) {
        double t = c.patches() + 1, d = c.dim();
        double embed = c.patches() * (double) c.channels() * c.patchSize() * c.patchSize() * d;
        double block = t * (4 * d * d + 2 * c.mlpRatio() * d * d) + 2 * t * t * d;
        return embed + c.depth() * block + d * c.classes();
    }
}
