package facet.train.calibrate;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on one line per report: epoch, step, running loss and accuracy of the
 * epoch so far, throughput and the time left. Reports inside an epoch come at most every
 * {@code every} seconds, so a long epoch still shows life; every epoch ends with one.
 */
final class Progress {
    private final PrintWriter log;
    private final int epochs, stepsPerEpoch;
    private final double every;
    private final long start = System.nanoTime();
    private long lastReport = start, stepsDone, samplesDone;
    private double lossSum;
    private int correct, seen, epoch;

    Progress(PrintWriter log, int epochs, int stepsPerEpoch, double everySeconds) {
        this.log = log;
        this.epochs = epochs;
        this.stepsPerEpoch = stepsPerEpoch;
        this.every = everySeconds;
    }

    void startEpoch(int e) {
        epoch = e;
        lossSum = 0;
        correct = seen = 0;
    }

    /** One finished step: its mean loss over n samples, of which hits were classified right. */
    void step(int stepInEpoch, double loss, int hits, int n, double lr) {
        stepsDone++;
        samplesDone += n;
        lossSum += loss * n;
        correct += hits;
        seen += n;
        long now = System.nanoTime();
        boolean last = stepInEpoch == stepsPerEpoch - 1;
        if (last || (now - lastReport) / 1e9 >= every) {
            lastReport = now;
            double elapsed = (now - start) / 1e9, perStep = elapsed / stepsDone;
            long left = (long) epochs * stepsPerEpoch - stepsDone;
            log.printf(Locale.ROOT, "epoch %2d/%d  step %4d/%d  loss %.3f  train acc %5.1f%%  lr %.2e  %5.0f img/s  elapsed %s  ETA %s%n",
                    epoch + 1, epochs, stepInEpoch + 1, stepsPerEpoch, lossSum / seen, 100.0 * correct / seen, lr,
                    samplesDone / elapsed, clock(elapsed), clock(left * perStep));
            log.flush();
        }
    }

    double seconds() { return (System.nanoTime() - start) / 1e9; }

    static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60) : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
}
