/**
 * Facet's data layer: faces in, (N, C, H, W) batches out.
 *
 * <ul>
 *   <li>{@link facet.train.data.Expression} holds the one canonical label order (Surprise, Fear,
 *       Disgust, Happiness, Sadness, Anger, Neutral) and {@link facet.train.data.FacePart} the
 *       CelebAMask-HQ parsing ids. A sample is an {@link facet.train.data.Example}: planar float
 *       {@link facet.train.data.Image}, optional {@link facet.train.data.ParsingMap}, label,
 *       identity, domain.</li>
 *   <li>{@code formats}: readers of the real datasets' own layouts (DATASETS.md). They index
 *       paths, labels, face boxes and masks; pixels are decoded on demand with the JDK's codecs.
 *       Bad input goes to {@link facet.train.data.Problems} with its file and line, and is skipped
 *       (or, strict, fatal). Each format also has a writer, used to export synthetic data.</li>
 *   <li>{@code synth}: the procedural face generator and its domains (raf, affectnet, sfew,
 *       fer2013, expw, jaffe, celebamask, faces): action-unit expressions on varied identities,
 *       rendered with parsing maps under each domain's photography.</li>
 *   <li>{@code transform} and {@code loader}: torchvision-style steps that move parsing maps
 *       with the image, and a threaded, prefetching loader.</li>
 * </ul>
 *
 * <p>Determinism contract: a synthetic sample is a pure function of (seed, domain, split,
 * index); a loader's order is a function of (seed, epoch) and a sample's augmentation of
 * (seed, epoch, index), all through {@link facet.train.data.Rng} (Philox streams). Thread
 * counts and timing never change what comes out.
 */
package facet.train.data;
