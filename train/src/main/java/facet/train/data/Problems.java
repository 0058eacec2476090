package facet.train.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where readers, decoders and loaders report bad input. By default a problem is recorded and
 * counted and the sample skipped, so one corrupt image does not end a 10-hour run; in strict
 * mode the first problem is thrown as a {@link BadInputException}. Thread-safe: loader workers
 * report here concurrently. Only the first {@link #KEPT} problems are kept in full; all are counted.
 */
public final class Problems {
    public static final int KEPT = 10_000;

    private final boolean strict;
    private final List<Problem> kept = new ArrayList<>();
    private int count;

    public Problems(boolean strict) { this.strict = strict; }

    /** Records and skips (lenient), for callers that want the summary only. */
    public static Problems lenient() { return new Problems(false); }

    public static Problems strict() { return new Problems(true); }

    public void report(Path path, int line, String reason) { report(new Problem(path.toString(), line, reason)); }

    public void report(Problem p) {
        if (strict) throw new BadInputException(p);
        synchronized (this) {
            count++;
            if (kept.size() < KEPT) kept.add(p);
        }
    }

    public synchronized int count() { return count; }

    /** The recorded problems in the order they were reported (at most {@link #KEPT}). */
    public synchronized List<Problem> list() { return List.copyOf(kept); }

    /** One line for a summary: "no problems" or "3 problems skipped (first: ...)". */
    public synchronized String summary() {
        if (count == 0) return "no problems";
        return count + (count == 1 ? " problem" : " problems") + " skipped (first: " + kept.getFirst() + ")";
    }
}
