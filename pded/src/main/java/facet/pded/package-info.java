/**
 * PDED, the progressive decoupler of expression and domain (paper Section III-B, Algorithm 1
 * lines 7-12): the fine-tuning model and one training step's forward; no data loading, no loop.
 *
 * <ul>
 *   <li>{@link facet.pded.PdedConfig}: input (image or encoder), {@link facet.pded.Variant}, sizes, lambda_2; small defaults.</li>
 *   <li>{@link facet.pded.PdedModel}: {@code forward(x)} -> {@link facet.pded.PdedModel.Output} (logits, per-stage F^i and F_d,
 *       F_exp and F_dom), {@code forwardLoss} -> L_exp, L_dom and their sum (Eq. 11-13), {@code forwardStep} -> a training
 *       step's losses and accuracy (the loop's fine-tuning task runs it), {@code noWeightDecay}.</li>
 *   <li>{@link facet.pded.Decoupler}: the channel-preserving convolution F_d = conv(F) and its projection onto F_dom.</li>
 *   <li>{@link facet.pded.GaussianBlur} and {@link facet.pded.DomainBatch}: the augmented domain x_a and the doubled batch.</li>
 *   <li>{@link facet.pded.GradCam}: class-activation maps at a stage's output, through {@code Variable.retainGrad}.</li>
 * </ul>
 */
package facet.pded;
