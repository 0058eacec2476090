package facet.train.experiment;

import facet.pded.PdedConfig;

/**
 * What fine-tuning feeds ResNet-18 (the config key {@code input}): pixels, or the encoder of a
 * pre-training run. Each encoder names the masking its pre-training used, here and nowhere else.
 */
public enum Input {
    /** ResNet-18 from pixels, no encoder. */
    IMAGE(null),
    /** The MAE baseline: an encoder pre-trained with random masking. */
    MAE("random"),
    /** Ours: an encoder pre-trained with expression-guided masking. */
    ESGM("expression"),
    /** The MARLIN baseline: parsing-guided masking. */
    MARLIN("marlin");

    private final String masking;

    Input(String masking) { this.masking = masking; }

    /** The pre-training's masking, as its config spells it; null for IMAGE. */
    public String masking() { return masking; }

    public boolean pretrained() { return this != IMAGE; }

    /** What the PDED model takes: pixels or encoder tokens. */
    public PdedConfig.Input pded() { return pretrained() ? PdedConfig.Input.ENCODER : PdedConfig.Input.IMAGE; }
}
