package facet.train.calibrate;

import facet.autograd.Conv;
import facet.autograd.Norm;
import facet.autograd.Variable;
import facet.tensor.ConvParams;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.PoolParams;
import facet.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain CNN written directly on the autograd ops: four blocks of 3x3 conv, batch norm and
 * ReLU (2x2 max pooling after the first three), global average pooling, one linear layer.
 * x: (N, 3, H, W) -> (N, classes). Conv weights use He initialisation (ReLU follows them);
 * the head uses 1 / sqrt(fan in).
 */
public final class SmallCnn implements Classifier {
    private final Variable[] w, gamma, beta;
    private final Tensor[] runMean, runVar;
    private final Variable head, headBias;

    public SmallCnn(int[] widths, int classes, long seed) {
        Generator g = new Generator(seed);
        int n = widths.length;
        w = new Variable[n];
        gamma = new Variable[n];
        beta = new Variable[n];
        runMean = new Tensor[n];
        runVar = new Tensor[n];
        int in = 3;
        for (int k = 0; k < n; k++) {
            int out = widths[k];
            w[k] = Variable.param(Tensor.randn(g, DType.F32, out, in, 3, 3).mul(Math.sqrt(2.0 / (in * 9))));
            gamma[k] = Variable.param(Tensor.ones(out));
            beta[k] = Variable.param(Tensor.zeros(out));
            runMean[k] = Tensor.zeros(out);
            runVar[k] = Tensor.ones(out);
            in = out;
        }
        head = Variable.param(Tensor.randn(g, DType.F32, in, classes).mul(1 / Math.sqrt(in)));
        headBias = Variable.param(Tensor.zeros(classes));
    }

    @Override public Variable logits(Variable x, boolean training) {
        Variable h = x;
        for (int k = 0; k < w.length; k++) {
            h = Conv.conv2d(h, w[k], null, ConvParams.of(1, 1));
            h = Norm.batchNorm(h, gamma[k], beta[k], runMean[k], runVar[k], training, 0.1, 1e-5).relu();
            if (k < w.length - 1) h = Conv.maxPool2d(h, PoolParams.of(2, 2, 0));
        }
        return Conv.globalAvgPool(h).matmul(head).add(headBias);
    }

    @Override public List<Variable> parameters() {
        List<Variable> p = new ArrayList<>();
        for (int k = 0; k < w.length; k++) {
            p.add(w[k]);
            p.add(gamma[k]);
            p.add(beta[k]);
        }
        p.add(head);
        p.add(headBias);
        return p;
    }
}
