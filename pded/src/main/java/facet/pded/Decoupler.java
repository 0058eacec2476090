package facet.pded;

import facet.autograd.Pool2d;
import facet.autograd.Variable;
import facet.nn.Conv2d;
import facet.nn.Linear;
import facet.nn.Module;
import facet.tensor.ConvParams;
import facet.tensor.Generator;

/**
 * One decoupler: F (B, C, h, w) -> F_d = conv(F) (B, C, h, w), a k x k convolution with as many
 * channels out as in and a bias (Eq. 9), plus the projection that brings GAP(F_d) (B, C) to
 * F_dom's width (B, Dd), so that features of stages of different widths can be summed (Eq. 10).
 *
 * <p>Kernel 3 by default: in the single-source setting the domain is "blurred or not", a lack of
 * local contrast that a 1x1 convolution, which mixes channels at one point, cannot see, while a
 * 3x3 one can. It costs one 3x3 convolution per stage beside the stage's four. Both layers keep
 * PyTorch's default init: F_d starts at about half the feature's scale, a full-rank change that
 * the next stage's batch norm absorbs.
 */
public final class Decoupler extends Module {
    public final Conv2d conv;
    public final Linear project;

    public Decoupler(int channels, int kernel, int domainWidth, Generator g) {
        conv = child("conv", new Conv2d(channels, channels, kernel, ConvParams.of(1, kernel / 2), true, g));
        project = child("project", new Linear(channels, domainWidth, g));
    }

    /** F (B, C, h, w) -> F_d (B, C, h, w). */
    public Variable domainFeature(Variable f) { return conv.apply(f); }

    /** F_d (B, C, h, w) -> its share of F_dom (B, Dd). */
    public Variable project(Variable fd) { return project.apply(Pool2d.globalAvgPool(fd)); }
}
