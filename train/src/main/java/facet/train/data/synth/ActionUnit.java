package facet.train.data.synth;

/**
 * The facial action units (FACS numbers in brackets) the generator animates. An expression is
 * a vector of activations, one per unit, each in [0, ~1.3]; {@link FaceRig} turns them into
 * geometry (brow curves, lid openings, mouth corners and gap) and {@link FaceRenderer} into
 * shading (wrinkles, folds, cheek bulges).
 */
enum ActionUnit {
    BROW_INNER_RAISE(1),
    BROW_OUTER_RAISE(2),
    BROW_LOWER(4),
    LID_RAISE(5),
    CHEEK_RAISE(6),
    LID_TIGHTEN(7),
    NOSE_WRINKLE(9),
    UPPER_LIP_RAISE(10),
    LIP_CORNER_PULL(12),
    LIP_CORNER_DEPRESS(15),
    CHIN_RAISE(17),
    LIP_STRETCH(20),
    LIP_PRESS(24),
    LIPS_PART(25),
    JAW_DROP(26),
    LID_DROOP(43);

    static final int COUNT = values().length;

    /** The unit's FACS number. */
    final int facs;

    ActionUnit(int facs) { this.facs = facs; }

    /** Activation of this unit in a vector. */
    double of(double[] aus) { return aus[ordinal()]; }
}
