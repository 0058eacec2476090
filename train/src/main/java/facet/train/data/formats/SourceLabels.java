package facet.train.data.formats;

import facet.train.data.Expression;

import java.util.Locale;

/**
 * Every dataset's own expression codes, mapped to the canonical {@link Expression} order, in
 * one place (the table of DATASETS.md). -1 marks a code outside the seven classes (contempt,
 * none, uncertain, non-face): such samples are dropped, not reported as bad input.
 */
public final class SourceLabels {
    private SourceLabels() {}

    /** FER2013 and ExpW: 0 Angry, 1 Disgust, 2 Fear, 3 Happy, 4 Sad, 5 Surprise, 6 Neutral. */
    static final int[] FER2013 = {5, 2, 1, 3, 4, 0, 6};

    /** FER+ vote columns: neutral, happiness, surprise, sadness, anger, disgust, fear, contempt, unknown, NF. */
    static final int[] FERPLUS_VOTES = {6, 3, 0, 4, 5, 2, 1, -1, -1, -1};
    static final String[] FERPLUS_COLUMNS = {"neutral", "happiness", "surprise", "sadness", "anger", "disgust", "fear", "contempt", "unknown", "NF"};

    /** AffectNet: 0 Neutral, 1 Happy, 2 Sad, 3 Surprise, 4 Fear, 5 Disgust, 6 Anger, 7 Contempt, 8 None, 9 Uncertain, 10 Non-Face. */
    static final int[] AFFECTNET = {6, 3, 4, 0, 1, 2, 5, -1, -1, -1, -1};

    /** SFEW folder names in canonical order. */
    static final String[] SFEW_FOLDERS = {"Surprise", "Fear", "Disgust", "Happy", "Sad", "Angry", "Neutral"};

    /** JAFFE expression codes in canonical order. */
    static final String[] JAFFE_CODES = {"SU", "FE", "DI", "HA", "SA", "AN", "NE"};

    /** RAF-DB basic: 1..7, the canonical order plus one. */
    static int rafdb(int raw) { return raw >= 1 && raw <= 7 ? raw - 1 : -2; }

    /** Canonical label of a raw code via a table; -2 when the code is not in the table at all. */
    static int map(int[] table, int raw) { return raw >= 0 && raw < table.length ? table[raw] : -2; }

    static int sfew(String folder) {
        for (int i = 0; i < SFEW_FOLDERS.length; i++) if (SFEW_FOLDERS[i].equalsIgnoreCase(folder)) return i;
        return -2;
    }

    static int jaffe(String code) {
        String c = code.toUpperCase(Locale.ROOT);
        for (int i = 0; i < JAFFE_CODES.length; i++) if (JAFFE_CODES[i].equals(c)) return i;
        return -2;
    }

    /** The raw code a canonical label has in a table (for writers); the table must hold it. */
    static int raw(int[] table, int label) {
        for (int i = 0; i < table.length; i++) if (table[i] == label) return i;
        throw new IllegalArgumentException("no raw code for label " + label);
    }

    /**
     * FER+'s majority rule, as its authors apply it: zero every count <= 1; the largest remaining
     * count wins if it is more than half of the remaining total, else the face is "unknown".
     * Returns the winning vote column (0..9), or -1 for unknown.
     */
    static int ferPlusMajority(int[] votes) {
        int[] kept = new int[votes.length];
        int total = 0, best = 0;
        for (int i = 0; i < votes.length; i++) {
            kept[i] = votes[i] <= 1 ? 0 : votes[i];
            total += kept[i];
            if (kept[i] > kept[best]) best = i;
        }
        return total > 0 && 2 * kept[best] > total ? best : -1;
    }
}
