package facet.esgm;

import java.util.Arrays;
import java.util.Locale;

/**
 * The masking strategies a pre-training can run, as a config names them ("expression", "random",
 * "marlin"); {@link Masking#of} makes one.
 */
public enum MaskingKind {
    /** ESGM (Eq. 4): the patches with the largest learned mask weight. */
    EXPRESSION,
    /** MAE: uniform noise, blind to the face. */
    RANDOM,
    /** MARLIN: the parsing map's face fraction plus noise. */
    MARLIN;

    /** The config's spelling: the name in lower case. */
    public String configName() { return name().toLowerCase(Locale.ROOT); }

    /** "expression", "random" or "marlin" (any case) -> the kind; anything else fails naming the choices. */
    public static MaskingKind parse(String s) {
        for (MaskingKind k : values()) if (k.name().equalsIgnoreCase(s)) return k;
        throw new IllegalArgumentException("masking '" + s + "' is not one of " + Arrays.toString(values()).toLowerCase(Locale.ROOT));
    }

    /** Whether the strategy draws noise: its generator is then part of a run's state (saved in checkpoints). */
    public boolean drawsNoise() { return this != EXPRESSION; }

    /**
     * Whether pre-training shows it parsing maps (phase 1): ESGM learns w from them (L_mask) and
     * MARLIN ranks by them. Random masking never sees one, so the MAE baseline trains no mask-weight
     * block and logs no L_mask: MAE as published.
     */
    public boolean readsParsing() { return this != RANDOM; }
}
