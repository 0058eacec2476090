package facet.nn.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict RFC 8259 JSON reader and a string writer, just enough for safetensors headers. Our
 * own rather than a library's because a header is untrusted input and we want: duplicate keys
 * refused (a library would keep the last and let two readers disagree on a file), integers kept
 * exact as longs, a bounded nesting depth, and errors that give the character position.
 *
 * <p>Values map to LinkedHashMap (objects, key order kept), ArrayList, String, Long (integers),
 * Double (other numbers), Boolean and null.
 */
public final class Json {
    private static final int MAX_DEPTH = 64;

    /** Thrown with the position of the first character that does not fit the grammar. */
    static final class ParseException extends Exception {
        final int position;

        ParseException(String message, int position) {
            super(message);
            this.position = position;
        }
    }

    private final String s;
    private int at;

    private Json(String s) { this.s = s; }

    /** One value, with nothing but whitespace after it. */
    static Object parse(String text) throws ParseException {
        Json p = new Json(text);
        Object v = p.value(0);
        p.skipSpace();
        if (p.at != text.length()) throw p.error("unexpected '" + text.charAt(p.at) + "' after the end of the JSON value");
        return v;
    }

    /** A JSON object (a run's run.json, say); IllegalArgumentException with the position when text is not one. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(String text) {
        try {
            if (parse(text) instanceof Map<?, ?> m) return (Map<String, Object>) m;
            throw new IllegalArgumentException("not a JSON object");
        } catch (ParseException e) {
            throw new IllegalArgumentException("JSON, character " + e.position + ": " + e.getMessage());
        }
    }

    private ParseException error(String message) { return new ParseException(message, at); }

    private void skipSpace() {
        while (at < s.length() && (s.charAt(at) == ' ' || s.charAt(at) == '\t' || s.charAt(at) == '\n' || s.charAt(at) == '\r')) at++;
    }

    private Object value(int depth) throws ParseException {
        if (depth > MAX_DEPTH) throw error("nesting deeper than " + MAX_DEPTH);
        skipSpace();
        if (at >= s.length()) throw error("unexpected end of input");
        char c = s.charAt(at);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) yield number();
                throw error("unexpected character '" + c + "'");
            }
        };
    }

    private Object literal(String word, Object v) throws ParseException {
        if (!s.startsWith(word, at)) throw error("expected '" + word + "'");
        at += word.length();
        return v;
    }

    private Map<String, Object> object(int depth) throws ParseException {
        Map<String, Object> m = new LinkedHashMap<>();
        at++;
        skipSpace();
        if (peek('}')) return m;
        while (true) {
            skipSpace();
            if (at >= s.length() || s.charAt(at) != '"') throw error("expected a string key");
            int keyAt = at;
            String key = string();
            skipSpace();
            expect(':');
            Object v = value(depth + 1);
            if (m.containsKey(key)) throw new ParseException("duplicate key \"" + key + "\"", keyAt);
            m.put(key, v);
            skipSpace();
            if (peek('}')) return m;
            expect(',');
        }
    }

    private List<Object> array(int depth) throws ParseException {
        List<Object> a = new ArrayList<>();
        at++;
        skipSpace();
        if (peek(']')) return a;
        while (true) {
            a.add(value(depth + 1));
            skipSpace();
            if (peek(']')) return a;
            expect(',');
        }
    }

    /** Consumes c if it is next. */
    private boolean peek(char c) {
        if (at < s.length() && s.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void expect(char c) throws ParseException {
        if (!peek(c)) throw error(at < s.length() ? "expected '" + c + "', found '" + s.charAt(at) + "'" : "expected '" + c + "' before the end");
    }

    private String string() throws ParseException {
        at++;   // the opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (at >= s.length()) throw error("unterminated string");
            char c = s.charAt(at++);
            if (c == '"') break;
            if (c < 0x20) { at--; throw error("control character U+" + String.format("%04X", (int) c) + " inside a string"); }
            if (c != '\\') { sb.append(c); continue; }
            if (at >= s.length()) throw error("unterminated escape");
            char e = s.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> sb.append(e);
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> sb.append(hex4());
                default -> { at--; throw error("invalid escape '\\" + e + "'"); }
            }
        }
        String out = sb.toString();
        for (int i = 0; i < out.length(); i++) {   // a lone surrogate would not survive a UTF-8 round trip
            char c = out.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < out.length() && Character.isLowSurrogate(out.charAt(i + 1));
            if (paired) i++;
            else if (Character.isSurrogate(c)) throw error("string holds an unpaired surrogate \\u" + String.format("%04X", (int) c));
        }
        return out;
    }

    private char hex4() throws ParseException {
        if (at + 4 > s.length()) throw error("truncated \\u escape");
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(at), 16);
            if (d < 0) throw error("invalid hex digit '" + s.charAt(at) + "' in a \\u escape");
            v = v * 16 + d;
            at++;
        }
        return (char) v;
    }

    /** -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    private Object number() throws ParseException {
        int start = at;
        peek('-');
        if (peek('0')) {
            if (at < s.length() && Character.isDigit(s.charAt(at))) throw error("leading zero in a number");
        } else if (!digits()) {
            throw error("expected a digit");
        }
        boolean integer = true;
        if (peek('.')) {
            integer = false;
            if (!digits()) throw error("expected a digit after the decimal point");
        }
        if (peek('e') || peek('E')) {
            integer = false;
            if (!peek('+')) peek('-');
            if (!digits()) throw error("expected a digit in the exponent");
        }
        String text = s.substring(start, at);
        if (!integer) return Double.parseDouble(text);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            at = start;
            throw error("integer " + text + " does not fit in 64 bits");
        }
    }

    private boolean digits() {
        int from = at;
        while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') at++;
        return at > from;
    }

    /** s as a JSON string literal, quotes included (the JSON output of other commands uses it too). */
    public static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
                    else sb.append(c);
                }
            }
        }
        return sb.append('"').toString();
    }
}
