package facet.nn.models;

import facet.autograd.Pool2d;
import facet.autograd.Variable;
import facet.kernels.Epilogue;
import facet.nn.BatchNorm2d;
import facet.nn.Conv2d;
import facet.nn.Init;
import facet.nn.Layer;
import facet.nn.Linear;
import facet.nn.MaxPool2d;
import facet.nn.Sequential;
import facet.tensor.ConvParams;
import facet.tensor.Generator;

import java.util.ArrayList;
import java.util.List;

/**
 * ResNet-18 (He et al. 2016): a stem, four stages of two {@link BasicBlock}s (the last three
 * halve the resolution and double the channels), global average pooling and a linear head.
 * Glossary: N batch, C channels, H x W size. Names are torchvision's (conv1, bn1, layer1..4, fc).
 * Init is torchvision's: Kaiming-normal convolutions (fan_out, ReLU gain), batch norm 1 and 0,
 * PyTorch's default for the head.
 *
 * <p>{@link #stem}, {@link #stage} and {@link #head} expose the pieces, so a caller can work
 * between stages (PDED's decoupler does); {@link #stages} returns all four stage outputs.
 */
public final class ResNet18 extends Layer {
    public final ResNetConfig config;
    public final Conv2d conv1;
    public final BatchNorm2d bn1;
    private final MaxPool2d maxpool;   // null with the small stem
    private final List<Sequential> layers = new ArrayList<>();
    public final Linear fc;            // null when config.classes() is 0

    public ResNet18(ResNetConfig c, Generator g) {
        config = c;
        int w0 = c.stageWidth(0);
        boolean big = c.stem() == ResNetConfig.Stem.IMAGENET;
        conv1 = child("conv1", big ? new Conv2d(c.channels(), w0, 7, ConvParams.of(2, 3), false, g)
                : new Conv2d(c.channels(), w0, 3, ConvParams.of(1, 1), false, g));
        bn1 = child("bn1", new BatchNorm2d(w0));
        maxpool = big ? child("maxpool", new MaxPool2d(3, 2, 1)) : null;
        int in = w0;
        for (int i = 0; i < 4; i++) {
            int out = c.stageWidth(i), stride = i == 0 ? 1 : 2;
            layers.add(child("layer" + (i + 1), new Sequential(new BasicBlock(in, out, stride, g), new BasicBlock(out, out, 1, g))));
            in = out;
        }
        fc = c.classes() > 0 ? child("fc", new Linear(in, c.classes(), g)) : null;
        for (var m : namedModules().values()) {
            if (m instanceof Conv2d conv) conv.weight.setData(Init.kaimingNormal(g, Init.FanMode.FAN_OUT, Init.RELU_GAIN, conv.weight.shape()));
        }
    }

    /** x (N, C, H, W) -> logits (N, classes), or pooled features (N, 8 w0) without a head. */
    @Override protected Variable forward(Variable x) {
        Variable f = stem(x);
        for (int i = 0; i < 4; i++) f = stage(i, f);
        return head(f);
    }

    /** x (N, C, H, W) -> (N, w0, H/4, W/4) with the ImageNet stem, (N, w0, H, W) with the small one. */
    public Variable stem(Variable x) {
        Variable y = bn1.apply(conv1.apply(x), Epilogue.relu());   // relu(bn1(conv1(x))), one op
        return maxpool == null ? y : maxpool.apply(y);
    }

    /** Stage i (0..3): (N, w_{i-1}, H, W) -> (N, w_i, H / s, W / s), s = 1 for stage 0 and 2 after. */
    public Variable stage(int i, Variable x) { return layers.get(i).apply(x); }

    /** features (N, w3, H, W) -> global average pool (N, w3) -> logits (N, classes), or the pooled features without a head. */
    public Variable head(Variable features) {
        Variable pooled = Pool2d.globalAvgPool(features);
        return fc == null ? pooled : fc.apply(pooled);
    }

    /** x -> the outputs of the four stages, in order. */
    public List<Variable> stages(Variable x) {
        List<Variable> out = new ArrayList<>();
        Variable f = stem(x);
        for (int i = 0; i < 4; i++) out.add(f = stage(i, f));
        return out;
    }
}
