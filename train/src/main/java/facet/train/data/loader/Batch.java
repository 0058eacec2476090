package facet.train.data.loader;

import facet.tensor.Tensor;

/**
 * One batch of n samples, in loader order.
 *
 * @param images   (N, C, H, W) float32, the samples after the pipeline
 * @param labels   (N) int32 in Expression order, -1 for unlabelled samples
 * @param parsing  (N, H, W) int32 FacePart ids, or null unless every sample has a map
 * @param second   (N, C, H, W) float32, the second view (e.g. the paper's blurred x_a), or null
 * @param domains  (N) int32 domain ids in the order the loader was given, or null
 * @param indices  dataset index of each row (samples that failed to decode are left out)
 */
public record Batch(int epoch, int index, Tensor images, Tensor labels, Tensor parsing, Tensor second,
                    Tensor domains, int[] indices) {
    public int size() { return indices.length; }
}
