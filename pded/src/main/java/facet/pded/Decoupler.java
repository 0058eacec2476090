package facet.pded;

import facet.autograd.Conv;
import facet.autograd.NoGrad;
import facet.autograd.Pool2d;
import facet.autograd.Variable;
import facet.nn.Conv2d;
import facet.nn.Linear;
import facet.nn.Module;
import facet.tensor.ConvParams;
import facet.tensor.Generator;
import facet.tensor.Tensor;

/**
 * One decoupler: F (B, C, h, w) -> F_d = conv(F) (B, C, h, w), a k x k convolution with as many
 * channels out as in and a bias (Eq. 9), plus the projection that brings GAP(F_d) (B, C) to
 * F_dom's width (B, Dd), so that features of stages of different widths can be summed (Eq. 10).
 *
 * <p>Kernel 3 by default: in the single-source setting the domain is "blurred or not", a lack of
 * local contrast that a 1x1 convolution, which mixes channels at one point, cannot see, while a
 * 3x3 one can.
 *
 * <p>The convolution starts at zero (weight and bias), so F_d = 0 and every variant starts as the
 * network without decoupling. PyTorch's default init is still drawn first, so the generator
 * stream, and with it every later layer's init, is what it was.
 *
 * <p>Which loss trains what, which the paper leaves open (Algorithm 1 line 11 updates all of
 * theta_ft with L_exp + lambda_2 L_dom), is {@link PdedConfig.Gradients}. Under SEPARATED (our
 * default) F_d has one value and two paths: {@link #domainFeature} feeds F_dom, trains this
 * decoupler with L_dom and stops at F; {@link #removed} is subtracted from F, passes L_exp's
 * gradient on to F whole (d(F - W*F)/dF = I - W^T) and does not train W. On the earlier 16-patch
 * encoders each alternative collapsed fine-tuning to the majority class, and from the base encoder
 * JOINT trails by about 7 raf points (RESULTS.md: the decoupler): trained by L_exp the convolution
 * is an unnormalised extra layer that Adam grows to the size of F within a hundred steps, and L_dom
 * let into a trainable encoder teaches it to encode the domain, the opposite of removing it.
 */
public final class Decoupler extends Module {
    public final Conv2d conv;
    public final Linear project;
    private final PdedConfig.Gradients gradients;

    public Decoupler(int channels, int kernel, int domainWidth, PdedConfig.Gradients gradients, Generator g) {
        conv = child("conv", new Conv2d(channels, channels, kernel, ConvParams.of(1, kernel / 2), true, g));
        conv.weight.setData(Tensor.zerosLike(conv.weight.data()));
        conv.bias.setData(Tensor.zerosLike(conv.bias.data()));
        project = child("project", new Linear(channels, domainWidth, g));
        this.gradients = gradients;
    }

    /** F (B, C, h, w) -> F_d (B, C, h, w) for F_dom; under SEPARATED, L_dom's gradient stops at F. */
    public Variable domainFeature(Variable f) {
        return conv.apply(gradients == PdedConfig.Gradients.SEPARATED ? f.detach() : f);
    }

    /**
     * F (B, C, h, w) -> F_d (B, C, h, w) to subtract from F: the same value; under SEPARATED it
     * reaches F, not this decoupler's weights. fd: {@link #domainFeature}(f), reused where the two
     * paths carry the same gradient (JOINT, or no graph at all) instead of convolving twice.
     */
    public Variable removed(Variable f, Variable fd) {
        if (gradients == PdedConfig.Gradients.JOINT || !NoGrad.gradEnabled()) return fd;
        return gradients == PdedConfig.Gradients.SEPARATED ? Conv.conv2d(f, conv.weight.detach(), conv.bias.detach(), conv.params) : conv.apply(f);
    }

    /** F_d (B, C, h, w) -> its share of F_dom (B, Dd). */
    public Variable project(Variable fd) { return project.apply(Pool2d.globalAvgPool(fd)); }
}
