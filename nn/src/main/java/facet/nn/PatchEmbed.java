package facet.nn;

import facet.autograd.Variable;
import facet.tensor.ConvParams;
import facet.tensor.Generator;

/**
 * Image x (B, C, H, W) -> patch tokens (B, N, D), N = (H / P) (W / P), row-major over the patch
 * grid: a P x P convolution with stride P (one linear map per patch), as timm's PatchEmbed.
 */
public final class PatchEmbed extends Layer {
    public final Conv2d proj;
    public final int imageSize, patchSize, gridSize;

    public PatchEmbed(int imageSize, int patchSize, int channels, int dim, Generator g) {
        if (patchSize < 1 || imageSize % patchSize != 0) {
            throw new IllegalArgumentException("PatchEmbed: image size " + imageSize + " is not a multiple of patch size " + patchSize);
        }
        this.imageSize = imageSize;
        this.patchSize = patchSize;
        this.gridSize = imageSize / patchSize;
        proj = child("proj", new Conv2d(channels, dim, patchSize, ConvParams.of(patchSize, 0), true, g));
    }

    public int patches() { return gridSize * gridSize; }

    @Override protected Variable forward(Variable x) {
        x.data().requireDim("PatchEmbed", 4, "(B, C, H, W)");
        if (x.size(2) != imageSize || x.size(3) != imageSize) {
            throw new IllegalArgumentException("PatchEmbed: built for " + imageSize + "x" + imageSize + " images, got input "
                    + java.util.Arrays.toString(x.shape()));
        }
        return proj.apply(x).flatten(2, 3).transpose(1, 2);
    }
}
