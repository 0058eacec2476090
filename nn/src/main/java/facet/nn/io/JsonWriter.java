package facet.nn.io;

import java.lang.reflect.Array;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON writer: every JSON Facet writes (metrics summaries, results.json, check reports,
 * bench lines) goes through it instead of hand-concatenated strings. Strings are escaped by
 * {@link Json#quote}; a NaN or infinite number is refused with the key that holds it, because
 * JSON has no such literals and a reader would choke on the file long after it was written.
 *
 * <p>Values: Map (String keys, order kept), Collection, arrays (primitive or not), String,
 * Number, Boolean, null, and {@link Obj}. Output is one line with ", " and ": " separators.
 */
public final class JsonWriter {
    private JsonWriter() {}

    /** value as one line of JSON. */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value, "");
        return sb.toString();
    }

    /** An object built key by key, in order: {@code JsonWriter.object().put("op", "gemm").put("ms", 1.5)}. */
    public static Obj object() { return new Obj(); }

    public static final class Obj {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Obj() {}

        /** Adds a field; a key given twice is refused (two readers could disagree on which one counts). */
        public Obj put(String key, Object value) {
            if (fields.containsKey(key)) throw new IllegalArgumentException("JSON: key '" + key + "' is set twice");
            fields.put(key, value);
            return this;
        }

        public Map<String, Object> fields() { return java.util.Collections.unmodifiableMap(fields); }

        @Override public String toString() { return write(fields); }
    }

    private static void append(StringBuilder sb, Object v, String path) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> sb.append(Json.quote(s));
            case Boolean b -> sb.append(b);
            case Double d -> sb.append(number(d, Double.toString(d), path));
            case Float f -> sb.append(number(f, Float.toString(f), path));   // 0.1f writes 0.1, not 0.10000000149011612
            case Number n -> sb.append(n);
            case Obj o -> append(sb, o.fields, path);
            case Map<?, ?> m -> {
                sb.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String k)) throw new IllegalArgumentException("JSON: key " + e.getKey() + " under '" + path + "' is not a string");
                    sb.append(first ? "" : ", ").append(Json.quote(k)).append(": ");
                    append(sb, e.getValue(), path.isEmpty() ? k : path + "." + k);
                    first = false;
                }
                sb.append('}');
            }
            case Collection<?> c -> {
                sb.append('[');
                int i = 0;
                for (Object x : c) {
                    sb.append(i > 0 ? ", " : "");
                    append(sb, x, path + "[" + i++ + "]");
                }
                sb.append(']');
            }
            default -> {
                if (!v.getClass().isArray()) throw new IllegalArgumentException("JSON: key '" + path + "' holds a " + v.getClass().getSimpleName() + ", which has no JSON form");
                sb.append('[');
                for (int i = 0, n = Array.getLength(v); i < n; i++) {
                    sb.append(i > 0 ? ", " : "");
                    append(sb, Array.get(v, i), path + "[" + i + "]");
                }
                sb.append(']');
            }
        }
    }

    /**
     * The shortest decimal that reads back to the same value (Java's toString, e.g. 1.0E-5, valid
     * JSON), whole numbers without ".0"; NaN and infinities refused with the key named.
     */
    private static String number(double d, String text, String path) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("JSON: key '" + (path.isEmpty() ? "(top level)" : path) + "' is " + d + ", which JSON cannot hold");
        }
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : text;
    }
}
