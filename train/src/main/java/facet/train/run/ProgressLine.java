package facet.train.run;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * The training progress line: phase, epoch, step of total, each named value's mean over the
 * epoch so far, the learning rate, images per second and the time left. Inside an epoch a line
 * comes at most every {@code everySeconds}, so a long epoch still shows life; each epoch ends with one.
 */
final class ProgressLine {
    private final PrintWriter log;
    private final String phase;
    private final int epochs, perEpoch;
    private final long total, startStep;
    private final double every;
    private final long start = System.nanoTime();
    private long lastLine = start;

    ProgressLine(PrintWriter log, String phase, int epochs, int perEpoch, long startStep, double everySeconds) {
        this.log = log;
        this.phase = phase;
        this.epochs = epochs;
        this.perEpoch = perEpoch;
        this.total = (long) epochs * perEpoch;
        this.startStep = startStep;
        this.every = everySeconds;
    }

    /** After step (1-based count of steps done) in epoch e; means: the epoch's running means. */
    void update(long step, int epoch, int batchInEpoch, Map<String, Double> means, double lr, double imagesPerSecond, boolean force) {
        long now = System.nanoTime();
        if (!force && (now - lastLine) / 1e9 < every) return;
        lastLine = now;
        double elapsed = (now - start) / 1e9, perStep = elapsed / Math.max(1, step - startStep);
        StringBuilder sb = new StringBuilder();
        if (!phase.isEmpty()) sb.append(phase).append("  ");
        sb.append(String.format(Locale.ROOT, "epoch %2d/%d  step %4d/%d", epoch + 1, epochs, batchInEpoch + 1, perEpoch));
        means.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %s %.4g", k, v)));
        sb.append(String.format(Locale.ROOT, "  lr %.2e  %5.0f img/s  elapsed %s  ETA %s", lr, imagesPerSecond, clock(elapsed),
                clock((total - step) * perStep)));
        log.println(sb);
        log.flush();
    }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60) : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
