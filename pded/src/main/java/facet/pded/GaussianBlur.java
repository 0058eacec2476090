package facet.pded;

import facet.autograd.Conv;
import facet.autograd.NoGrad;
import facet.autograd.Variable;
import facet.tensor.ConvParams;
import facet.tensor.Tensor;

/**
 * Gaussian blur of x (B, C, H, W) -> (B, C, H, W), the single-source augmentation that makes x_a
 * (paper Section III-B). Separable: a vertical then a horizontal depthwise convolution (groups C)
 * with the 1-d kernel exp(-t^2 / 2 sigma^2), t = -r..r, r = ceil(3 sigma), normalised to sum 1.
 * Composed from conv2d, so it runs on every device and has a gradient.
 *
 * <p>Borders: zero padding would pull edge pixels toward 0, so the result is divided by the blur
 * of an all-ones image (the kernel mass that fell inside). A constant image stays constant, and
 * the blur commutes with a per-channel normalisation a x + b: it may run before or after it.
 * Cost: 2 (2r + 1) multiply-adds per output value for the image, plus once per pixel for the mass.
 */
public final class GaussianBlur {
    private GaussianBlur() {}

    /** x (B, C, H, W) -> blurred (B, C, H, W), differentiable. sigma in pixels, > 0. */
    public static Variable apply(Variable x, double sigma) {
        x.data().requireDim("gaussian_blur", 4, "(B, C, H, W)");
        if (!(sigma > 0)) throw new IllegalArgumentException("gaussian_blur: sigma must be > 0 pixels, got " + sigma);
        int c = x.size(1), h = x.size(2), w = x.size(3);
        double[] taps = kernel(sigma);
        Tensor k = Tensor.of(taps, taps.length).to(x.dtype()).to(x.data().device());
        Variable blurred = separable(x, k, c);
        Tensor ones = Tensor.zeros(x.data().device(), x.dtype(), 1, 1, h, w).add(1);
        Tensor mass = separable(Variable.constant(ones), k, 1).data();
        return blurred.div(Variable.constant(mass));
    }

    /** The same without a graph, for making training batches. */
    public static Tensor apply(Tensor x, double sigma) {
        try (var ng = NoGrad.enter()) { return apply(Variable.constant(x), sigma).data(); }
    }

    /** The normalised 1-d kernel, 2r + 1 taps, r = max(1, ceil(3 sigma)): beyond 3 sigma lies 0.3% of the mass. */
    public static double[] kernel(double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        double[] k = new double[2 * r + 1];
        double sum = 0;
        for (int t = -r; t <= r; t++) sum += k[t + r] = Math.exp(-t * t / (2 * sigma * sigma));
        for (int i = 0; i < k.length; i++) k[i] /= sum;
        return k;
    }

    /** x (B, C, H, W) convolved per channel with k down the columns, then along the rows, zero-padded to keep H x W. */
    private static Variable separable(Variable x, Tensor k, int c) {
        int taps = k.size(0), r = taps / 2;
        Variable down = Variable.constant(k.reshape(1, 1, taps, 1).expand(c, 1, taps, 1).contiguous());
        Variable across = Variable.constant(k.reshape(1, 1, 1, taps).expand(c, 1, 1, taps).contiguous());
        Variable y = Conv.conv2d(x, down, null, new ConvParams(1, 1, r, 0, 1, 1, c));
        return Conv.conv2d(y, across, null, new ConvParams(1, 1, 0, r, 1, 1, c));
    }
}
