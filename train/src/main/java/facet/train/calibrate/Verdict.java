package facet.train.calibrate;

import facet.train.data.Expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The calibration criteria (issue 4) checked on a result: the source test split at least 85%;
 * the mean over the target domains between 35% and 75%; no target at chance, meaning each
 * beats both always answering its most frequent class and, in balanced accuracy, guessing
 * uniformly (1/7), by at least 5 points.
 */
public record Verdict(boolean sourceHigh, boolean gapInBand, List<String> atChance) {
    static final double SOURCE_MIN = 0.85, MEAN_MIN = 0.35, MEAN_MAX = 0.75, MARGIN = 0.05;

    public static Verdict of(Calibration.Result r) {
        List<String> atChance = new ArrayList<>();
        for (Calibration.Row t : r.targets()) {
            if (t.accuracy() < t.majority() + MARGIN || t.balanced() < 1.0 / Expression.COUNT + MARGIN) atChance.add(t.domain());
        }
        double mean = r.targetMean();
        return new Verdict(r.source().accuracy() >= SOURCE_MIN, mean >= MEAN_MIN && mean <= MEAN_MAX, List.copyOf(atChance));
    }

    public boolean passed() { return sourceHigh && gapInBand && atChance.isEmpty(); }

    @Override public String toString() {
        return String.format(Locale.ROOT, "source >= %.0f%%: %s; target mean in %.0f-%.0f%%: %s; no target at chance: %s",
                100 * SOURCE_MIN, yes(sourceHigh), 100 * MEAN_MIN, 100 * MEAN_MAX, yes(gapInBand),
                atChance.isEmpty() ? "yes" : "NO (" + String.join(", ", atChance) + ")");
    }

    private static String yes(boolean b) { return b ? "yes" : "NO"; }
}
