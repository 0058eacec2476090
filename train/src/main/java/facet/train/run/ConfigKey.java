package facet.train.run;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * One key of a run kind's config: its type, default, a one-line description, and an optional
 * rule on the value ("must be >= 1"). A value is parsed from text (a config file, --set) or taken
 * typed (a flag's Double, an enum constant), and either fits or is refused with one sentence
 * naming the key. A choice built from an enum is spelt as its constants' names in lower case.
 */
public record ConfigKey(String name, Type type, Object defaultValue, String doc, Predicate<Object> rule, String ruleText, List<String> choices) {
    public enum Type { INT, LONG, DOUBLE, BOOL, STRING, CHOICE }

    public static ConfigKey integer(String name, int def, int min, String doc) {
        return new ConfigKey(name, Type.INT, def, doc, v -> (Integer) v >= min, "must be >= " + min, List.of());
    }

    public static ConfigKey longKey(String name, long def, String doc) { return new ConfigKey(name, Type.LONG, def, doc, v -> true, "", List.of()); }

    /** A double in [min, max] (either may be infinite). */
    public static ConfigKey real(String name, double def, double min, double max, String doc) {
        String text = Double.isInfinite(max) ? "must be >= " + fmt(min) : "must be in [" + fmt(min) + ", " + fmt(max) + "]";
        return new ConfigKey(name, Type.DOUBLE, def, doc, v -> (Double) v >= min && (Double) v <= max, text, List.of());
    }

    /** A double in (0, max]: learning rates, scales. */
    public static ConfigKey positive(String name, double def, double max, String doc) {
        return new ConfigKey(name, Type.DOUBLE, def, doc, v -> (Double) v > 0 && (Double) v <= max, "must be > 0 and <= " + fmt(max), List.of());
    }

    public static ConfigKey bool(String name, boolean def, String doc) { return new ConfigKey(name, Type.BOOL, def, doc, v -> true, "", List.of()); }

    public static ConfigKey string(String name, String def, String doc) { return new ConfigKey(name, Type.STRING, def, doc, v -> true, "", List.of()); }

    /** One of a fixed set of words. */
    public static ConfigKey choice(String name, String def, List<String> choices, String doc) {
        return new ConfigKey(name, Type.CHOICE, def, doc, choices::contains, "must be one of " + String.join(", ", choices), List.copyOf(choices));
    }

    /** One of an enum's constants, each spelt {@link #word}; {@link Config#choice} reads the constant back. */
    public static <E extends Enum<E>> ConfigKey choice(String name, E def, String doc) {
        return choice(name, word(def), Arrays.stream(def.getDeclaringClass().getEnumConstants()).map(ConfigKey::word).toList(), doc);
    }

    /** How a config spells an enum constant: its name in lower case (Stem.IMAGENET is imagenet). */
    public static String word(Enum<?> constant) { return constant.name().toLowerCase(Locale.ROOT); }

    /** The constant of type that word spells (a value this key already accepted, so not bad input). */
    static <E extends Enum<E>> E constant(Class<E> type, String word) {
        for (E e : type.getEnumConstants()) if (word(e).equals(word)) return e;
        throw new IllegalStateException("'" + word + "' is no constant of " + type.getSimpleName() + ": the key was not built from it");
    }

    /** text as this key's value; where says where the text came from ("run.conf line 4", "--set"). */
    Object parse(String text, String where) {
        String t = text.strip();
        Object v;
        try {
            v = switch (type) {
                case INT -> Integer.parseInt(t);
                case LONG -> Long.parseLong(t);
                case DOUBLE -> {
                    double d = Double.parseDouble(t);
                    if (!Double.isFinite(d)) throw new NumberFormatException();
                    yield d;
                }
                case BOOL -> switch (t) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new NumberFormatException();
                };
                case STRING, CHOICE -> t;
            };
        } catch (NumberFormatException e) {
            throw new ConfigException(where + ": key '" + name + "' wants " + typeText() + ", got '" + t + "'");
        }
        if (!rule.test(v)) throw new ConfigException(where + ": key '" + name + "' " + ruleText + ", got '" + t + "'");
        return v;
    }

    /**
     * A typed value (a flag's Double or Long, an enum constant for a choice) as this key's value,
     * checked like parsed text and refused with the same sentence, but never formatted and parsed
     * back; text is parsed. where names the flag.
     */
    Object accept(Object value, String where) {
        if (value instanceof String text) return parse(text, where);
        Object v = switch (type) {
            case INT -> value instanceof Integer || value instanceof Long l && l == (int) (long) l ? ((Number) value).intValue() : null;
            case LONG -> value instanceof Integer || value instanceof Long ? ((Number) value).longValue() : null;
            case DOUBLE -> value instanceof Number n && Double.isFinite(n.doubleValue()) ? n.doubleValue() : null;
            case BOOL -> value instanceof Boolean ? value : null;
            case STRING -> null;
            case CHOICE -> value instanceof Enum<?> e ? word(e) : null;
        };
        if (v == null) throw new ConfigException(where + ": key '" + name + "' wants " + typeText() + ", got '" + format(value) + "'");
        if (!rule.test(v)) throw new ConfigException(where + ": key '" + name + "' " + ruleText + ", got '" + format(v) + "'");
        return v;
    }

    String typeText() {
        return switch (type) {
            case INT, LONG -> "an integer";
            case DOUBLE -> "a finite number";
            case BOOL -> "true or false";
            case STRING -> "a string";
            case CHOICE -> "one of " + String.join(", ", choices);
        };
    }

    /** The value as a config file writes it (doubles in their shortest exact form). */
    static String format(Object v) { return v instanceof Double d ? fmt(d) : String.valueOf(v); }

    private static String fmt(double d) { return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d).toLowerCase(Locale.ROOT); }
}
