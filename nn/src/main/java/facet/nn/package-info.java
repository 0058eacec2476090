/**
 * Neural-network building blocks on top of {@code facet.autograd}.
 *
 * <p>Reading order: {@link facet.nn.Module} (parameters, buffers, children, state dicts), then
 * {@link facet.nn.Layer} (one input, one output; {@code apply} calls {@code forward}), then the
 * thin layers, each holding its parameters and calling one autograd op ({@link facet.nn.Linear},
 * {@link facet.nn.Conv2d}, {@link facet.nn.BatchNorm2d}, {@link facet.nn.LayerNorm}, ...), then
 * the compositions ({@link facet.nn.MultiHeadSelfAttention}, {@link facet.nn.Mlp},
 * {@link facet.nn.TransformerBlock}, {@link facet.nn.PatchEmbed}), then the models in
 * {@code facet.nn.models}. Optimizers and schedules live in {@code facet.nn.optim};
 * safetensors files and checkpoints in {@code facet.nn.io}.
 *
 * <p>Conventions: parameters are float32 and named as in the PyTorch reference
 * implementations (torchvision for ResNet, timm/MAE for ViT), so state dicts line up key for
 * key; every layer's default init is its reference's and says so; randomness comes from an
 * explicit {@link facet.tensor.Generator}; shapes open each javadoc, with the letters of that
 * file's glossary (token models: B batch, N tokens, D dim; convolutional ones: N batch, C
 * channels, H x W size, as in PyTorch's docs).
 */
package facet.nn;
