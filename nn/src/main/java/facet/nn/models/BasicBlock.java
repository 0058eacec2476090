package facet.nn.models;

import facet.autograd.Variable;
import facet.kernels.Epilogue;
import facet.nn.BatchNorm2d;
import facet.nn.Conv2d;
import facet.nn.Layer;
import facet.nn.Sequential;
import facet.tensor.ConvParams;
import facet.tensor.Generator;

/**
 * ResNet's basic block, x (N, C, H, W) -> (N, O, H / s, W / s):
 * relu(bn2(conv2(relu(bn1(conv1(x))))) + shortcut(x)), two 3x3 convolutions, the first with
 * stride s; the shortcut is a 1x1 convolution with stride s plus batch norm when the shape
 * changes, else the identity (torchvision's names: conv1, bn1, conv2, bn2, downsample.0/.1).
 */
public final class BasicBlock extends Layer {
    public final Conv2d conv1, conv2;
    public final BatchNorm2d bn1, bn2;
    public final Sequential downsample;   // null for an identity shortcut

    public BasicBlock(int in, int out, int stride, Generator g) {
        conv1 = child("conv1", new Conv2d(in, out, 3, ConvParams.of(stride, 1), false, g));
        bn1 = child("bn1", new BatchNorm2d(out));
        conv2 = child("conv2", new Conv2d(out, out, 3, ConvParams.of(1, 1), false, g));
        bn2 = child("bn2", new BatchNorm2d(out));
        downsample = stride != 1 || in != out
                ? child("downsample", new Sequential(new Conv2d(in, out, 1, ConvParams.of(stride, 0), false, g), new BatchNorm2d(out)))
                : null;
    }

    @Override protected Variable forward(Variable x) {
        Variable identity = downsample == null ? x : downsample.apply(x);
        Variable out = bn1.apply(conv1.apply(x), Epilogue.relu());            // relu(bn1(conv1(x)))
        return bn2.apply(conv2.apply(out), Epilogue.addRelu(identity));       // relu(bn2(conv2(out)) + identity)
    }
}
