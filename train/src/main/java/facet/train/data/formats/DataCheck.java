package facet.train.data.formats;

import facet.nn.io.JsonWriter;
import facet.train.data.BadInputException;
import facet.train.data.Expression;
import facet.train.data.ImageCodec;
import facet.train.data.Problem;
import facet.train.data.Problems;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * What {@code facet data check} does: index a folder as a format, decode every sample (image,
 * face box, masks) and count the usable ones per split and class, collecting every problem.
 * Strict mode stops at the first problem in file order.
 */
public final class DataCheck {
    private DataCheck() {}

    /**
     * @param counts   per split, usable samples per class (index 7: unlabelled)
     * @param problems sorted by path then line
     */
    public record Report(Format format, Path root, Map<String, int[]> counts, List<Problem> problems, int problemCount,
                         Map<String, Integer> dropped) {

        /** {"format": F, "splits": {SPLIT: {CLASS: COUNT}}, "problems": [{"path", "line", "reason"}]}. */
        public String toJson() {
            Map<String, Object> splits = new LinkedHashMap<>();
            counts.forEach((split, c) -> {
                Map<String, Object> perClass = new LinkedHashMap<>();
                for (int k = 0; k < Expression.COUNT; k++) perClass.put(Expression.of(k).title, c[k]);
                if (c[Expression.COUNT] > 0) perClass.put("unlabelled", c[Expression.COUNT]);
                splits.put(split, perClass);
            });
            List<Object> list = new ArrayList<>();
            for (Problem p : problems) list.add(JsonWriter.object().put("path", p.path()).put("line", p.line() > 0 ? p.line() : null).put("reason", p.reason()));
            return JsonWriter.object().put("format", format.id).put("splits", splits).put("problems", list).toString();
        }

        /** A table of counts per split and class, then the problems. */
        public String toText() {
            StringBuilder sb = new StringBuilder();
            int total = 0;
            for (int[] c : counts.values()) for (int v : c) total += v;
            sb.append(format.id).append(" at ").append(root).append(": ").append(total).append(" usable samples in ")
                    .append(counts.size()).append(counts.size() == 1 ? " split\n" : " splits\n");
            sb.append(String.format("%-8s", "split"));
            for (int k = 0; k < Expression.COUNT; k++) sb.append(String.format(" %9s", Expression.of(k).title));
            sb.append(String.format(" %10s %8s%n", "unlabelled", "total"));
            for (var kv : counts.entrySet()) {
                int[] c = kv.getValue();
                sb.append(String.format("%-8s", kv.getKey()));
                int t = 0;
                for (int k = 0; k < Expression.COUNT; k++) {
                    sb.append(String.format(" %9d", c[k]));
                    t += c[k];
                }
                sb.append(String.format(" %10d %8d%n", c[Expression.COUNT], t + c[Expression.COUNT]));
            }
            for (var kv : dropped.entrySet()) sb.append("dropped: ").append(kv.getValue()).append(" with ").append(kv.getKey()).append('\n');
            sb.append(problemCount == 0 ? "no problems\n" : problemCount + (problemCount == 1 ? " problem" : " problems") + " (a sample with one is skipped):\n");
            for (Problem p : problems) sb.append("  ").append(p).append('\n');
            if (problems.size() < problemCount) sb.append("  ... and ").append(problemCount - problems.size()).append(" more\n");
            return sb.toString();
        }
    }

    /** Indexes and decodes everything; decoding uses {@code threads} threads unless strict. */
    public static Report run(Format format, Path root, boolean strict, int threads) {
        return run(format, root, strict, threads, ImageCodec.maxPixels());
    }

    /**
     * As above, refusing images whose header claims more than maxPixels. With one thread, or
     * strict, everything runs on the caller's thread (strict then stops at the first problem in
     * file order).
     */
    public static Report run(Format format, Path root, boolean strict, int threads, long maxPixels) {
        Problems problems = new Problems(strict);
        DatasetIndex index = format.read(root, problems);
        List<Entry> entries = index.entries();
        boolean[] ok = new boolean[entries.size()];
        if (strict || threads <= 1) {
            for (int i = 0; i < ok.length; i++) ok[i] = decodes(format, entries.get(i), problems, maxPixels);
        } else {
            try (ForkJoinPool pool = new ForkJoinPool(Math.max(1, threads))) {
                pool.submit(() -> IntStream.range(0, ok.length).parallel().forEach(i -> ok[i] = decodes(format, entries.get(i), problems, maxPixels))).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("data check interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalStateException(e.getCause());
            }
        }
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (String s : index.splits()) counts.put(s, new int[Expression.COUNT + 1]);
        for (int i = 0; i < ok.length; i++) {
            if (!ok[i]) continue;
            Entry e = entries.get(i);
            counts.get(e.split())[e.label() < 0 ? Expression.COUNT : e.label()]++;
        }
        List<Problem> sorted = new ArrayList<>(problems.list());
        sorted.sort(Comparator.comparing(Problem::path).thenComparingInt(Problem::line));
        return new Report(format, root, counts, sorted, problems.count(), index.dropped());
    }

    private static boolean decodes(Format format, Entry e, Problems problems, long maxPixels) {
        try {
            Decoder.decode(format, e, maxPixels);
            return true;
        } catch (BadInputException bad) {
            problems.report(bad.problem());
            return false;
        }
    }
}
