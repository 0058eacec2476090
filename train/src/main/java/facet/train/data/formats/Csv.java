package facet.train.data.formats;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line into fields: double quotes protect commas, "" is a literal quote. */
final class Csv {
    private Csv() {}

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }

    /** Index of a header column, ignoring case and surrounding spaces, or -1. */
    static int column(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) if (header.get(i).strip().equalsIgnoreCase(name)) return i;
        return -1;
    }

    /** The field quoted when it holds a comma or a quote. */
    static String quote(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    static Integer parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** An integer written as "12", "12.0" or "12.7" (rounded); null when not a number. */
    static Integer parseRounded(String s) {
        try {
            return (int) Math.round(Double.parseDouble(s.strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
