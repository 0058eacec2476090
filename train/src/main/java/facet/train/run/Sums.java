package facet.train.run;

import java.util.LinkedHashMap;
import java.util.Map;

/** Per-name sums of logged values weighted by batch size, for an epoch's running means. */
final class Sums {
    private final Map<String, Double> sums = new LinkedHashMap<>();
    private long images;

    void add(Map<String, Double> values, int n) {
        values.forEach((k, v) -> sums.merge(k, v * n, Double::sum));
        images += n;
    }

    Map<String, Double> means() {
        Map<String, Double> m = new LinkedHashMap<>();
        sums.forEach((k, v) -> m.put(k, v / images));
        return m;
    }

    /** "images;name=bits;..." with each double's bits in hex, so decode gives back the same doubles. */
    String encode() {
        StringBuilder sb = new StringBuilder(Long.toString(images));
        sums.forEach((k, v) -> sb.append(';').append(k).append('=').append(Long.toHexString(Double.doubleToRawLongBits(v))));
        return sb.toString();
    }

    static Sums decode(String s) {
        Sums out = new Sums();
        String[] parts = s.split(";");
        out.images = Long.parseLong(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].lastIndexOf('=');
            out.sums.put(parts[i].substring(0, eq), Double.longBitsToDouble(Long.parseUnsignedLong(parts[i].substring(eq + 1), 16)));
        }
        return out;
    }
}
