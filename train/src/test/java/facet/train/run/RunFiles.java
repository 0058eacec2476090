package facet.train.run;

import facet.nn.io.SafeDType;
import facet.nn.io.SafeTensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What two runs of one config must share, bit for bit, for the run tests: every metrics and eval
 * CSV, results.json and summary.json, and every .safetensors file (checkpoints hold the model with
 * its batch-norm buffers, AdamW's moments and step counts, and the loop's position). Only what is
 * measured is left out: the images_per_s column and the "seconds" JSON field.
 */
public final class RunFiles {
    private RunFiles() {}

    /** The files of a finished run folder that hold results: the CSVs, then the JSON, then the tensors (the most telling difference first). */
    public static List<String> results(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("(metrics|eval).*\\.csv|results\\.json|summary\\.json|.*\\.safetensors"))
                    .sorted(Comparator.comparing((String n) -> n.endsWith(".csv") ? 0 : n.endsWith(".json") ? 1 : 2).thenComparing(n -> n))
                    .toList();
        }
    }

    /**
     * Asserts that got holds every result file of expected, each equal to it (see the class
     * comment), and that expected holds each of the named files, so a renamed file fails here
     * instead of leaving nothing to compare. Returns the names compared.
     */
    public static List<String> assertSameResults(Path expected, Path got, String context, String... mustHave) throws IOException {
        List<String> names = results(expected);
        for (String n : mustHave) assertTrue(names.contains(n), "no " + n + " in " + expected + " (has " + names + ")");
        for (String n : names) {
            Path a = expected.resolve(n), b = got.resolve(n);
            assertTrue(Files.exists(b), n + " is missing from " + got + " (" + context + ")");
            if (n.endsWith(".csv")) assertEquals(rows(a), rows(b), n + " (" + context + ")");
            else if (n.endsWith(".json")) assertEquals(unmeasured(a), unmeasured(b), n + " (" + context + ")");
            else assertSameTensors(a, b, context);
        }
        return names;
    }

    /** A metrics or eval CSV's lines without the images_per_s column (a measured rate, not a result). */
    public static List<String> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv), out = new ArrayList<>();
        int drop = lines.isEmpty() ? -1 : Arrays.asList(lines.getFirst().split(",")).indexOf("images_per_s");
        for (String line : lines) {
            List<String> cells = new ArrayList<>(Arrays.asList(line.split(",", -1)));
            if (drop >= 0) cells.remove(drop);
            out.add(String.join(",", cells));
        }
        return out;
    }

    /** A JSON file without its "seconds" fields (JsonWriter writes {@code "seconds": 12.3}). */
    static String unmeasured(Path json) throws IOException {
        return Files.readString(json).replaceAll("\"seconds\": [^,}\\]]*", "\"seconds\": _");
    }

    /**
     * The same tensors (names, dtypes, shapes and data bytes) and metadata. On a mismatch, prints
     * each differing tensor and, for float32 data, its first differing element with both values.
     */
    public static void assertSameTensors(Path a, Path b, String context) throws IOException {
        Map<String, SafeTensors.Entry> ea, eb;
        Map<String, String> ma, mb;
        try (SafeTensors.Reader ra = SafeTensors.open(a); SafeTensors.Reader rb = SafeTensors.open(b)) {
            ea = ra.entries();
            eb = rb.entries();
            ma = ra.metadata();
            mb = rb.metadata();
        }
        String name = a.getFileName().toString();
        assertEquals(new TreeSet<>(ea.keySet()), new TreeSet<>(eb.keySet()), name + ": tensor names (" + context + ")");
        assertEquals(ma, mb, name + ": metadata (" + context + ")");
        ByteBuffer da = data(a), db = data(b);
        List<String> differ = new ArrayList<>();
        for (SafeTensors.Entry x : ea.values()) {
            SafeTensors.Entry y = eb.get(x.name());
            if (x.dtype() != y.dtype() || !Arrays.equals(x.shape(), y.shape())) {
                differ.add(x.name() + " " + x.dtype() + Arrays.toString(x.shape()) + " vs " + y.dtype() + Arrays.toString(y.shape()));
                continue;
            }
            ByteBuffer sa = da.slice((int) x.begin(), (int) (x.end() - x.begin())), sb = db.slice((int) y.begin(), (int) (y.end() - y.begin()));
            int at = sa.mismatch(sb);
            if (at < 0) continue;
            String first = x.dtype() == SafeDType.F32
                    ? String.format(" first at element %d: %s vs %s", at / 4, sa.order(ByteOrder.LITTLE_ENDIAN).getFloat(at / 4 * 4),
                            sb.order(ByteOrder.LITTLE_ENDIAN).getFloat(at / 4 * 4))
                    : " first at byte " + at;
            differ.add(x.name() + first);
        }
        if (!differ.isEmpty()) {
            fail(name + ": " + differ.size() + " of " + ea.size() + " tensors differ (" + context + "): "
                    + String.join("; ", differ.subList(0, Math.min(5, differ.size()))) + (differ.size() > 5 ? "; ..." : ""));
        }
    }

    /** The data section of a safetensors file: after the 8-byte little-endian header length and the header. */
    private static ByteBuffer data(Path f) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN);
        return all.slice((int) (8 + all.getLong(0)), (int) (all.capacity() - 8 - all.getLong(0)));
    }
}
