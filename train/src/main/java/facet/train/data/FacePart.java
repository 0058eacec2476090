package facet.train.data;

/**
 * The 19 classes of a parsing map, numbered as CelebAMask-HQ numbers them (background 0, then
 * the parts in the order of its mask files). When per-part masks are merged into one map, a
 * part later in this order overwrites an earlier one where both are set.
 *
 * <p>{@code l_} and {@code r_} are the sides as seen in the image: {@code L_EYE} is the eye on
 * the image's left. A horizontal flip therefore swaps each left part with its right one
 * ({@link #mirrored()}).
 */
public enum FacePart {
    BACKGROUND("background"),
    SKIN("skin"),
    NOSE("nose"),
    EYE_G("eye_g"),
    L_EYE("l_eye"),
    R_EYE("r_eye"),
    L_BROW("l_brow"),
    R_BROW("r_brow"),
    L_EAR("l_ear"),
    R_EAR("r_ear"),
    MOUTH("mouth"),
    U_LIP("u_lip"),
    L_LIP("l_lip"),
    HAIR("hair"),
    HAT("hat"),
    EAR_R("ear_r"),
    NECK_L("neck_l"),
    NECK("neck"),
    CLOTH("cloth");

    public static final int COUNT = 19;
    private static final FacePart[] ALL = values();

    /** The name CelebAMask-HQ uses in its mask file names ("l_brow"). */
    public final String fileName;

    FacePart(String fileName) { this.fileName = fileName; }

    public byte id() { return (byte) ordinal(); }

    public static FacePart of(int id) {
        if (id < 0 || id >= COUNT) throw new IllegalArgumentException("face part: id " + id + " is not in 0.." + (COUNT - 1));
        return ALL[id];
    }

    /** The part named by a CelebAMask-HQ mask file suffix, or null when the name is not a part. */
    public static FacePart byFileName(String name) {
        for (FacePart p : ALL) if (p != BACKGROUND && p.fileName.equals(name)) return p;
        return null;
    }

    /**
     * The paper's expression set S_exp (skin, nose, eyes, brows, mouth, lips): the pixels that
     * ESGM's mask target counts.
     */
    public boolean isExpression() {
        return switch (this) {
            case SKIN, NOSE, L_EYE, R_EYE, L_BROW, R_BROW, MOUTH, U_LIP, L_LIP -> true;
            default -> false;
        };
    }

    /** The same part on the other side of the face; parts without a side map to themselves. */
    public FacePart mirrored() {
        return switch (this) {
            case L_EYE -> R_EYE;
            case R_EYE -> L_EYE;
            case L_BROW -> R_BROW;
            case R_BROW -> L_BROW;
            case L_EAR -> R_EAR;
            case R_EAR -> L_EAR;
            default -> this;
        };
    }
}
