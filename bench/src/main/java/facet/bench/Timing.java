package facet.bench;

import java.util.Arrays;

/**
 * Wall-clock timing for the bench commands: warm up until the JIT settles, then time repeated
 * runs and report the median (robust to the noise of a shared machine). JMH in this module does
 * the same with forks and confidence intervals; this is the quick everyday version.
 */
final class Timing {
    private Timing() {}

    /** Median milliseconds of body over at least {@code minReps} runs and {@code minSeconds} of timing. */
    static double medianMs(Runnable body, double warmupSeconds, int minReps, double minSeconds) {
        warmUp(body, warmupSeconds);
        double[] ms = new double[1024];
        int n = 0;
        long start = System.nanoTime();
        while (n < ms.length && (n < minReps || System.nanoTime() - start < minSeconds * 1e9)) {
            long t0 = System.nanoTime();
            body.run();
            ms[n++] = (System.nanoTime() - t0) / 1e6;
        }
        return median(Arrays.copyOf(ms, n));
    }

    /** The middle value of x (the mean of the middle two for an even count); x is left as it was. */
    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** Runs body at least once, and again until warmupSeconds have passed. */
    static void warmUp(Runnable body, double warmupSeconds) {
        long until = System.nanoTime() + (long) (warmupSeconds * 1e9);
        do body.run(); while (System.nanoTime() < until);
    }
}
