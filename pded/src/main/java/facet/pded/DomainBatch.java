package facet.pded;

import facet.tensor.DType;
import facet.tensor.Index;
import facet.tensor.Shape;
import facet.tensor.Tensor;

import java.util.Arrays;
import java.util.List;

/**
 * A fine-tuning batch with its domain labels: images (B, 3, H, W), expression labels (B) and
 * domain labels (B), int32, all on the images' device; {@link PdedModel#forwardStep} takes it.
 */
public record DomainBatch(Tensor images, Tensor expression, Tensor domain) {

    /**
     * Single source (paper Section III-B): x_e (B, 3, H, W) with labels (B) -> (2B, 3, H, W): x_e
     * (domain 0) followed by x_a = Gaussian blur of x_e with sigma pixels (domain 1), the labels
     * repeated. Blurring after normalisation equals blurring before it ({@link GaussianBlur}).
     */
    public static DomainBatch singleSource(Tensor images, Tensor labels, double sigma) {
        check(images, labels, "singleSource");
        Tensor blurred = GaussianBlur.apply(images, sigma);
        return new DomainBatch(Index.cat(0, images, blurred), Index.cat(0, labels, labels), sourceIds(images, images.size(0), images.size(0)));
    }

    /** Multi-source (Table III): source s's images (B_s, 3, H, W) and labels (B_s) joined in order, domain label s. */
    public static DomainBatch multiSource(List<Tensor> images, List<Tensor> labels) {
        if (images.size() != labels.size() || images.size() < 2) {
            throw new IllegalArgumentException("DomainBatch.multiSource: needs one label tensor per image tensor and at least two sources, got "
                    + images.size() + " and " + labels.size());
        }
        int[] sizes = new int[images.size()];
        for (int s = 0; s < sizes.length; s++) {
            check(images.get(s), labels.get(s), "multiSource (source " + s + ")");
            sizes[s] = images.get(s).size(0);
        }
        return new DomainBatch(Index.cat(0, images.toArray(Tensor[]::new)), Index.cat(0, labels.toArray(Tensor[]::new)),
                sourceIds(images.getFirst(), sizes));
    }

    /** sizes[0] zeros, then sizes[1] ones, ... as int32 on like's device (made on the host and copied: no read back). */
    private static Tensor sourceIds(Tensor like, int... sizes) {
        int n = 0;
        for (int s : sizes) n += s;
        int[] ids = new int[n];
        for (int s = 0, at = 0; s < sizes.length; at += sizes[s++]) Arrays.fill(ids, at, at + sizes[s], s);
        return Tensor.ofInts(ids, n).to(like.device());
    }

    private static void check(Tensor images, Tensor labels, String where) {
        if (images.dim() != 4 || labels.dim() != 1 || labels.size(0) != images.size(0) || labels.dtype() != DType.I32) {
            throw new IllegalArgumentException("DomainBatch." + where + ": expects images (B, C, H, W) and int32 labels (B), got "
                    + Shape.str(images.shape()) + " and " + labels.dtype() + " " + Shape.str(labels.shape()));
        }
    }
}
