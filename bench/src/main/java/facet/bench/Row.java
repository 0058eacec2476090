package facet.bench;

import facet.nn.io.JsonWriter;

import java.util.Locale;

/** One benchmark result, printed as a table row or as one JSON object per line (--json). */
record Row(String op, String variant, int[] shape, int threads, double ms, double flops, double imagesPerSecond) {
    double gflops() { return flops / (ms * 1e6); }

    static String header() {
        return String.format(Locale.ROOT, "%-10s %-14s %-22s %7s %10s %9s %10s", "op", "variant", "shape", "threads", "ms", "GFLOP/s", "images/s");
    }

    String table() {
        return String.format(Locale.ROOT, "%-10s %-14s %-22s %7d %10.3f %9.1f %10s", op, variant, shapeText(), threads, ms, gflops(),
                imagesPerSecond > 0 ? String.format(Locale.ROOT, "%.1f", imagesPerSecond) : "");
    }

    /** One line through the project's JSON writer (strings escaped; a NaN timing is refused, naming the key). */
    String json() {
        var o = JsonWriter.object().put("op", op).put("variant", variant).put("shape", shape).put("threads", threads).put("ms", ms)
                .put("gflops", gflops()).put("flops", flops);
        if (imagesPerSecond > 0) o.put("images_per_s", imagesPerSecond);
        return o.toString();
    }

    private String shapeText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? "x" : "").append(shape[i]);
        return sb.toString();
    }
}
