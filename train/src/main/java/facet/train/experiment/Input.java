package facet.train.experiment;

import facet.esgm.MaskingKind;
import facet.pded.PdedConfig;

/**
 * What fine-tuning feeds ResNet-18 (the config key {@code input}): pixels, or the encoder of a
 * pre-training run. Each encoder names the masking its pre-training used, here and nowhere else.
 */
public enum Input {
    /** ResNet-18 from pixels, no encoder. */
    IMAGE(null),
    /** The MAE baseline: an encoder pre-trained with random masking. */
    MAE(MaskingKind.RANDOM),
    /** Ours: an encoder pre-trained with expression-guided masking. */
    ESGM(MaskingKind.EXPRESSION),
    /** The MARLIN baseline: parsing-guided masking. */
    MARLIN(MaskingKind.MARLIN);

    private final MaskingKind masking;

    Input(MaskingKind masking) { this.masking = masking; }

    /** The pre-training's masking; null for IMAGE. */
    public MaskingKind masking() { return masking; }

    public boolean pretrained() { return this != IMAGE; }

    /** What the PDED model takes: pixels or encoder tokens. */
    public PdedConfig.Input pded() { return pretrained() ? PdedConfig.Input.ENCODER : PdedConfig.Input.IMAGE; }
}
