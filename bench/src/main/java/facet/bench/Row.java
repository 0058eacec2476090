package facet.bench;

import java.util.Arrays;
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

    String json() {
        return String.format(Locale.ROOT, "{\"op\": \"%s\", \"variant\": \"%s\", \"shape\": %s, \"threads\": %d, \"ms\": %.4f, \"gflops\": %.2f, \"flops\": %.0f%s}",
                op, variant, Arrays.toString(shape), threads, ms, gflops(), flops,
                imagesPerSecond > 0 ? String.format(Locale.ROOT, ", \"images_per_s\": %.2f", imagesPerSecond) : "");
    }

    private String shapeText() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shape.length; i++) sb.append(i > 0 ? "x" : "").append(shape[i]);
        return sb.toString();
    }
}
