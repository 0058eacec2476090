package facet.train.data.synth;

import facet.train.data.Expression;
import facet.train.data.Rng;

import static facet.train.data.synth.ActionUnit.*;

/**
 * Expression classes as action-unit recipes (after the EMFACS prototypes): each class lists
 * units with a weight and the probability that a given face shows that unit. A sample's
 * activations are intensity x weight x a per-unit jitter, plus the identity's resting face and
 * a little involuntary activity on every unit, so a weak expression is genuinely hard to tell
 * from neutral or from its neighbour class (fear vs surprise, disgust vs anger, sad vs neutral).
 */
final class ExpressionModel {
    private ExpressionModel() {}

    private record Term(ActionUnit unit, double weight, double probability) {}

    private static Term t(ActionUnit u, double w, double p) { return new Term(u, w, p); }

    /** Recipes in {@link Expression} order. */
    private static final Term[][] RECIPES = {
            /* Surprise */ {t(BROW_INNER_RAISE, 1.0, 1), t(BROW_OUTER_RAISE, 1.0, 1), t(LID_RAISE, 0.9, 0.9), t(JAW_DROP, 0.95, 0.85), t(LIPS_PART, 0.7, 0.9)},
            /* Fear */ {t(BROW_INNER_RAISE, 0.95, 1), t(BROW_OUTER_RAISE, 0.55, 0.8), t(BROW_LOWER, 0.6, 0.85), t(LID_RAISE, 1.0, 0.9),
                    t(LID_TIGHTEN, 0.35, 0.4), t(LIP_STRETCH, 1.15, 0.95), t(LIPS_PART, 0.8, 0.85), t(JAW_DROP, 0.3, 0.4)},
            /* Disgust */ {t(NOSE_WRINKLE, 1.0, 0.9), t(UPPER_LIP_RAISE, 0.95, 0.9), t(LIP_CORNER_DEPRESS, 0.5, 0.6), t(CHIN_RAISE, 0.5, 0.5),
                    t(BROW_LOWER, 0.45, 0.6), t(LID_TIGHTEN, 0.4, 0.5), t(LIPS_PART, 0.35, 0.4)},
            /* Happiness */ {t(CHEEK_RAISE, 0.9, 0.85), t(LIP_CORNER_PULL, 1.05, 1), t(LIPS_PART, 0.8, 0.65), t(JAW_DROP, 0.3, 0.3)},
            /* Sadness */ {t(BROW_INNER_RAISE, 1.0, 0.95), t(BROW_LOWER, 0.55, 0.8), t(LIP_CORNER_DEPRESS, 1.0, 0.95), t(CHIN_RAISE, 0.6, 0.6),
                    t(LID_DROOP, 0.6, 0.7), t(LID_TIGHTEN, 0.2, 0.3)},
            /* Anger */ {t(BROW_LOWER, 1.1, 1), t(LID_TIGHTEN, 0.8, 0.85), t(LID_RAISE, 0.5, 0.5), t(LIP_PRESS, 0.9, 0.7), t(CHIN_RAISE, 0.4, 0.4)},
            /* Neutral */ {}};

    /** Anger's open-mouthed variant (shouting, teeth bared) replaces the pressed lips this often. */
    private static final double SHOUT = 0.3;

    /**
     * Activations for class cls at intensity in [0, 1]. {@code resting} (the identity's
     * resting face) is added as is; {@code tremor} scales the involuntary activity.
     */
    static double[] draw(int cls, double intensity, double[] resting, double tremor, Rng r) {
        double[] a = new double[ActionUnit.COUNT];
        for (int k = 0; k < a.length; k++) a[k] = resting[k] + tremor * Math.abs(r.normal()) * 0.06;
        boolean shout = cls == Expression.ANGER.ordinal() && r.chance(SHOUT);
        for (Term term : RECIPES[cls]) {
            boolean on = r.chance(term.probability());
            double jitter = r.uniform(0.7, 1.3);
            if (!on || (shout && term.unit() == LIP_PRESS)) continue;
            a[term.unit().ordinal()] += intensity * term.weight() * jitter;
        }
        if (shout) {
            a[UPPER_LIP_RAISE.ordinal()] += intensity * r.uniform(0.6, 1.0);
            a[LIPS_PART.ordinal()] += intensity * r.uniform(0.7, 1.0);
            a[JAW_DROP.ordinal()] += intensity * r.uniform(0.3, 0.6);
        }
        for (int k = 0; k < a.length; k++) a[k] = Math.max(0, Math.min(1.3, a[k]));
        return a;
    }
}
