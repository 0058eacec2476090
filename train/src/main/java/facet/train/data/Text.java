package facet.train.data;

/**
 * Text from files made safe to print. Everything a reader reports may come from a damaged or
 * hostile file, so control bytes, byte-order marks, undecodable bytes and bidirectional
 * overrides are shown escaped ({@code \x1B}, {@code \uFEFF}) instead of reaching the terminal.
 */
public final class Text {
    private Text() {}

    /** Longest value quoted in a message; a longer one is cut and marked with "...". */
    public static final int MAX_QUOTED = 80;

    /** s with every character a terminal would act on, or that is not text, escaped. */
    public static String printable(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isPrintable(c)) {
                if (sb != null) sb.append(c);
                continue;
            }
            if (sb == null) sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            sb.append(c < 0x100 ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
        }
        return sb == null ? s : sb.toString();
    }

    /** A value from a file for a message: in single quotes, escaped, at most {@link #MAX_QUOTED} characters. */
    public static String quote(String value) {
        String v = value.length() > MAX_QUOTED ? value.substring(0, MAX_QUOTED) + "..." : value;
        return "'" + printable(v) + "'";
    }

    /** True when a line holds a character that no label or CSV file of ours should (tab aside). */
    public static boolean hasControl(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\t' && !isPrintable(c)) return true;
        }
        return false;
    }

    private static boolean isPrintable(char c) {
        if (c < 0x20 || (c >= 0x7F && c < 0xA0)) return false; // C0, DEL, C1 controls
        if (c == '\uFFFD' || c == '\uFEFF') return false;       // undecodable byte, byte-order mark
        if (Character.isSurrogate(c)) return true;               // pairs are letters or emoji, not controls
        return Character.getType(c) != Character.FORMAT && Character.getType(c) != Character.UNASSIGNED;
    }
}
