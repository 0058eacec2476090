package facet.pded;

import facet.autograd.Losses;
import facet.autograd.NoGrad;
import facet.autograd.Pool2d;
import facet.autograd.Variable;
import facet.nn.BatchNorm2d;
import facet.nn.Conv2d;
import facet.nn.Init;
import facet.nn.Layer;
import facet.nn.Linear;
import facet.nn.MaxPool2d;
import facet.nn.Module;
import facet.nn.Relu;
import facet.nn.Sequential;
import facet.nn.models.BasicBlock;
import facet.nn.models.ResNetConfig;
import facet.nn.models.VisionTransformer;
import facet.tensor.ConvParams;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Shape;
import facet.tensor.Tensor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fine-tuning network of PDED (paper Section III-B, Fig. 2): F0 from pixels or from a ViT
 * encoder, ResNet-18's four stages with decouplers between them ({@link Variant}), an expression
 * classifier on F_exp and a domain classifier on F_dom. Glossary: B batch, H = W image size,
 * w_i stage i's channels (i = 0..3), h_i its map size, D the encoder's dim, g its patch grid,
 * Dd = w_3 the width of F_dom, K the domain logits (1 for two domains, else one per domain).
 *
 * <p>How F0 enters ResNet-18, which the paper leaves open: the encoder's patch tokens (class token
 * dropped) are laid out as their g x g grid (B, D, g, g); a 1x1 convolution + batch norm + ReLU
 * brings them to stage 1's width w_0 (the encoder input's stem, in place of the image stem);
 * nearest-neighbour upsampling by {@link PdedConfig#upsample} then enlarges the map before stage 1,
 * since the three stride-2 stages would shrink a bare patch grid to almost nothing (8x8 at 32
 * pixels ends at 1x1). Stage 1 then reads F0 as it reads the image stem's output. The encoder is
 * fine-tuned unless {@link PdedConfig.EncoderMode#FROZEN}.
 * Convolutions of the stem and the stages get torchvision's Kaiming init, the heads and the
 * decouplers' projections PyTorch's defaults, the decouplers' convolutions zero ({@link Decoupler}:
 * at initialisation every variant computes what NONE computes).
 */
public final class PdedModel extends Module {
    /** Everything the forward computes; the figures need the per-stage features. */
    public record Output(
            Variable expression,            // (B, 7) logits
            Variable domain,                // (B, K) logits, null for Variant.NONE
            List<Variable> stages,          // F^1..F^4: each stage's output (B, w_i, h_i, h_i), before its decoupling
            List<Variable> domainFeatures,  // every F_d in the order computed (per stage for PROGRESSIVE, four on F^4 for PARALLEL / CYCLIC)
            Variable expressionFeature,     // GAP(F_exp) (B, w_3), the expression classifier's input
            Variable domainFeature) {}      // F_dom (B, Dd), the domain classifier's input; null for NONE

    /** Eq. 13: total = L_exp + lambda_2 L_dom, each a scalar (L_dom a constant 0 for Variant.NONE). */
    public record LossTerms(Variable total, Variable expression, Variable domain) {}

    /** A training step's forward: the losses, and the accuracy (a device scalar) over the whole batch. */
    public record StepTerms(LossTerms losses, Tensor accuracy) {
        /** The logged values, device scalars by metrics column: loss, l_exp, l_dom, acc. */
        public Map<String, Tensor> logged() {
            Map<String, Tensor> values = new LinkedHashMap<>();
            values.put("loss", losses.total().data());
            values.put("l_exp", losses.expression().data());
            values.put("l_dom", losses.domain().data());
            values.put("acc", accuracy);
            return values;
        }
    }

    public final PdedConfig config;
    public final VisionTransformer encoder;   // null for the IMAGE input
    public final Sequential stem;             // F0's maker: image stem, or the encoder map's 1x1 adapter
    private final List<Sequential> stages = new ArrayList<>();
    private final List<Decoupler> decouplers = new ArrayList<>();
    public final Linear expressionHead;
    public final Linear domainHead;           // null for Variant.NONE

    /** encoder: a ViT of config.encoder()'s shape for the ENCODER input (its weights are the caller's), null for IMAGE. */
    public PdedModel(PdedConfig c, VisionTransformer encoder, Generator g) {
        config = c;
        boolean fromEncoder = c.input() == PdedConfig.Input.ENCODER;
        if (fromEncoder != (encoder != null) || fromEncoder && !encoder.config.equals(c.encoder())) {
            throw new IllegalArgumentException("PdedModel: the " + c.input() + " input needs " + (fromEncoder
                    ? "an encoder of config " + c.encoder() + ", got " + (encoder == null ? "none" : encoder.config) : "no encoder"));
        }
        ResNetConfig r = c.resnet();
        this.encoder = fromEncoder ? child("encoder", encoder) : null;
        stem = child("stem", fromEncoder ? convBnRelu(c.encoder().dim(), r.stageWidth(0), 1, 1, g) : imageStem(r, g));
        for (int i = 0; i < 4; i++) {
            int in = r.stageWidth(Math.max(0, i - 1)), out = r.stageWidth(i), stride = i == 0 ? 1 : 2;
            stages.add(child("layer" + (i + 1), new Sequential(new BasicBlock(in, out, stride, g), new BasicBlock(out, out, 1, g))));
        }
        for (var m : namedModules().entrySet()) {
            if (m.getValue() instanceof Conv2d conv && !m.getKey().startsWith("encoder")) {
                conv.weight.setData(Init.kaimingNormal(g, Init.FanMode.FAN_OUT, Init.RELU_GAIN, conv.weight.shape()));
            }
        }
        int last = r.stageWidth(3);
        for (int k = 0; k < c.variant().decouplers; k++) {
            decouplers.add(child("decoupler" + (k + 1), new Decoupler(c.variant().channels(r, k), c.decouplerKernel(), last, c.gradients(), g)));
        }
        expressionHead = child("expression_head", new Linear(last, r.classes(), g));
        domainHead = c.variant() == Variant.NONE ? null : child("domain_head", new Linear(last, c.domainLogits(), g));
    }

    /** IMAGE stem: 3x3 stride 1 (SMALL, 32 -> 32) or 7x7 stride 2 + 3x3 max pool (IMAGENET, 224 -> 56), then batch norm and ReLU. */
    private static Sequential imageStem(ResNetConfig r, Generator g) {
        if (r.stem() == ResNetConfig.Stem.SMALL) return convBnRelu(r.channels(), r.stageWidth(0), 3, 1, g);
        Conv2d conv = new Conv2d(r.channels(), r.stageWidth(0), 7, ConvParams.of(2, 3), false, g);
        return new Sequential(conv, new BatchNorm2d(r.stageWidth(0)), new Relu(), new MaxPool2d(3, 2, 1));
    }

    private static Sequential convBnRelu(int in, int out, int kernel, int stride, Generator g) {
        return new Sequential(new Conv2d(in, out, kernel, ConvParams.of(stride, kernel / 2), false, g), new BatchNorm2d(out), new Relu());
    }

    /**
     * This model as a {@link Layer} from images (B, 3, H, W) to expression logits (B, 7), for code
     * that evaluates any classifier (accuracy, confusion, Summary). It holds this model as its child
     * "model", so train() / eval() / to() on it reach this model, and its state dict keys start "model.".
     */
    public Layer expressionClassifier() {
        PdedModel self = this;
        return new Layer() {
            { child("model", self); }

            @Override protected Variable forward(Variable x) { return self.forward(x).expression(); }
        };
    }

    /** Decoupler k (0-based; see {@link Variant#decouplers} for how many there are). */
    public Decoupler decoupler(int k) { return decouplers.get(k); }

    /**
     * Parameters AdamW must not decay beyond biases and norms: the encoder's class token and
     * position embedding, as MAE's fine-tuning exempts them (timm's no_weight_decay).
     */
    public Set<String> noWeightDecay() { return Set.of("encoder.cls_token", "encoder.pos_embed"); }

    /** Whether a parameter name is a decoupler's convolution (weight or bias), the layer that computes F_d. */
    public static boolean isDecouplerConv(String name) { return name.startsWith("decoupler") && name.contains(".conv."); }

    /** Layers for layer-wise lr decay: 0 the encoder's embedding, 1..depth its blocks, depth + 1 the rest (none without an encoder). */
    public int layers() { return encoder == null ? 0 : encoder.config.depth() + 1; }

    /**
     * A parameter's layer ({@link #layers}), as MAE's {@code get_layer_id_for_vit}: the class
     * token, positions and patch projection are layer 0, encoder block i is i + 1, and the encoder's
     * final norm, the adapter, ResNet-18, the decouplers and the heads share the last layer.
     */
    public int layerOf(String name) {
        if (name.startsWith("encoder.blocks.")) return Integer.parseInt(name.split("\\.")[2]) + 1;
        if (name.startsWith("encoder.cls_token") || name.startsWith("encoder.pos_embed") || name.startsWith("encoder.patch_embed")) return 0;
        return layers();
    }

    /** Stage i (0..3): (B, w_{i-1}, h, h) -> (B, w_i, h / s, h / s), s = 1 for stage 0 and 2 after. */
    public Layer stage(int i) { return stages.get(i); }

    // =========================================================================================
    // Forward
    // =========================================================================================

    /** x (B, 3, H, W) -> {@link Output}. */
    public Output forward(Variable x) {
        Variable f0 = forwardInput(x);
        Decoupled d = forwardStages(f0);
        return forwardHeads(d);
    }

    /** x (B, 3, H, W) -> F0 (B, w_0, h_0, h_0): the image stem, or the encoder's patch map through its adapter, upsampled. */
    public Variable forwardInput(Variable x) {
        x.data().requireDim("PdedModel", 4, "(B, 3, H, W)");
        if (x.size(1) != config.resnet().channels() || x.size(2) != config.imageSize() || x.size(3) != config.imageSize()) {
            throw new IllegalArgumentException("PdedModel: built for (B, " + config.resnet().channels() + ", " + config.imageSize() + ", "
                    + config.imageSize() + ") images, got " + Shape.str(x.shape()));
        }
        if (encoder == null) return stem.apply(x);
        Variable tokens;
        if (config.encoderMode() == PdedConfig.EncoderMode.FROZEN) {
            try (var ng = NoGrad.enter()) { tokens = encoder.forwardTokens(x); }
        } else {
            tokens = encoder.forwardTokens(x);
        }
        int b = x.size(0), d = config.encoder().dim(), g = config.encoder().gridSize();
        // patch k sits at row k / g, column k % g (PatchEmbed flattens the grid row-major)
        Variable map = tokens.narrow(1, 1, g * g).transpose(1, 2).reshape(b, d, g, g);
        return upsampleNearest(stem.apply(map), config.upsample());
    }

    /** x (B, C, h, w) -> (B, C, u h, u w), each value repeated in a u x u block; composed from views, so the engine sums its gradient. */
    static Variable upsampleNearest(Variable x, int u) {
        if (u == 1) return x;
        int[] s = x.shape();
        return x.reshape(s[0], s[1], s[2], 1, s[3], 1).expand(s[0], s[1], s[2], u, s[3], u).reshape(s[0], s[1], s[2] * u, s[3] * u);
    }

    /**
     * One F_d (B, C, h, w) twice: value feeds F_dom through its decoupler's projection, removed is
     * subtracted from F; the same numbers with different gradients ({@link PdedConfig.Gradients}).
     */
    private record DomainFeature(Variable value, Variable removed, Decoupler decoupler) {
        /** Eq. 9: F_d = conv(F). */
        static DomainFeature of(Decoupler dec, Variable f) {
            Variable fd = dec.domainFeature(f);
            return new DomainFeature(fd, dec.removed(f, fd), dec);
        }
    }

    /** The stages' outputs F^1..F^4, every F_d in the order made, and F_exp (B, w_3, h_3, h_3). */
    private record Decoupled(List<Variable> stages, List<DomainFeature> domain, Variable expression) {}

    /** F0 -> the four stages, decoupled where the variant's {@link Variant.Site} says. */
    private Decoupled forwardStages(Variable f) {
        Variant v = config.variant();
        List<Variable> outs = new ArrayList<>(4);
        List<DomainFeature> domain = new ArrayList<>(v.applications);
        for (int i = 0; i < 4; i++) {
            f = stages.get(i).apply(f);
            outs.add(f);
            if (v.site == Variant.Site.BETWEEN_STAGES) {   // PDED: stage i + 1 reads F^i - F_d^i
                DomainFeature d = DomainFeature.of(decouplers.get(i), f);
                domain.add(d);
                f = f.sub(d.removed());
            }
        }
        switch (v.site) {
            case IN_SERIES_ON_F4 -> {   // SINGLE once, CYCLIC four times, through the one decoupler
                for (int pass = 0; pass < v.applications; pass++) {
                    DomainFeature d = DomainFeature.of(decouplers.getFirst(), f);
                    domain.add(d);
                    f = f.sub(d.removed());
                }
            }
            case SIDE_BY_SIDE_ON_F4 -> {
                Variable removed = null;
                for (Decoupler dec : decouplers) {
                    DomainFeature d = DomainFeature.of(dec, f);
                    domain.add(d);
                    removed = removed == null ? d.removed() : removed.add(d.removed());
                }
                f = f.sub(removed);
            }
            case NOWHERE, BETWEEN_STAGES -> { }
        }
        return new Decoupled(outs, domain, f);
    }

    /** F_exp -> expression logits; every F_d -> F_dom = sum of GAP(F_d) projected by its own decoupler (Eq. 10) -> domain logits. */
    private Output forwardHeads(Decoupled d) {
        Variable pooled = Pool2d.globalAvgPool(d.expression());
        Variable logits = expressionHead.apply(pooled);
        List<Variable> fd = d.domain().stream().map(DomainFeature::value).toList();
        if (domainHead == null) return new Output(logits, null, d.stages(), fd, pooled, null);
        Variable fDom = null;
        for (DomainFeature f : d.domain()) {
            Variable p = f.decoupler().project(f.value());
            fDom = fDom == null ? p : fDom.add(p);
        }
        return new Output(logits, domainHead.apply(fDom), d.stages(), fd, pooled, fDom);
    }

    // =========================================================================================
    // Loss
    // =========================================================================================

    /**
     * out from x (B, ...), expression labels (B) and domain labels (B), int32 on the model's device ->
     * L_exp (cross-entropy, Eq. 11), L_dom (BCE with logits for two domains, Eq. 12, else softmax
     * cross-entropy over the domains) and their sum L_exp + lambda_2 L_dom (Eq. 13). No host read.
     */
    public LossTerms forwardLoss(Output out, Tensor expressionLabels, Tensor domainLabels) {
        int b = out.expression().size(0);
        requireLabels("expression labels", expressionLabels, b);
        requireLabels("domain labels", domainLabels, b);
        Variable lExp = Losses.crossEntropy(out.expression(), expressionLabels, 0);
        if (out.domain() == null) {
            Variable zero = Variable.constant(Tensor.scalar(0, lExp.dtype(), lExp.data().device()));
            return new LossTerms(lExp, lExp, zero);
        }
        Variable lDom = config.domains() == 2
                ? Losses.bceWithLogits(out.domain(), domainLabels.to(out.domain().dtype()).reshape(b, 1))
                : Losses.crossEntropy(out.domain(), domainLabels, 0);
        return new LossTerms(lExp.add(lDom.mul(config.lambda())), lExp, lDom);
    }

    /**
     * One training step's forward on a domain batch (Algorithm 1, lines 9-10): L_ft of Eq. 13 and
     * the training accuracy over the whole batch, kept on the device. The caller runs backward
     * and the optimizer; the model should be in train mode (batch norm on batch statistics).
     */
    public StepTerms forwardStep(DomainBatch batch) {
        Output out = forward(Variable.constant(batch.images()));
        LossTerms l = forwardLoss(out, batch.expression(), batch.domain());
        Tensor accuracy = out.expression().data().argmax(1, false).to(DType.F32).eq(batch.expression().to(DType.F32)).mean();
        return new StepTerms(l, accuracy);
    }

    private static void requireLabels(String what, Tensor labels, int batch) {
        if (labels.dim() != 1 || labels.size(0) != batch || labels.dtype() != DType.I32) {
            throw new IllegalArgumentException("PdedModel.forwardLoss: " + what + " must be int32 of shape (" + batch + "), got "
                    + labels.dtype() + " " + Shape.str(labels.shape()));
        }
    }
}
