package facet.nn.optim;

/**
 * A learning rate as a pure function of the optimizer step (0-based), so resuming needs no
 * schedule state: set {@code optimizer.setLr(schedule.at(step))} before each step.
 */
@FunctionalInterface
public interface LrSchedule {
    double at(long step);

    /**
     * Linear warm-up from 0 to base over warmup steps, then half a cosine from base down to min at
     * total steps, and min after (MAE's {@code adjust_learning_rate}, per step instead of per
     * fractional epoch; step 0 has lr 0 as there).
     */
    static LrSchedule warmupCosine(double base, double min, long warmup, long total) {
        if (warmup < 0 || total <= warmup || min > base) {
            throw new IllegalArgumentException("warmupCosine: needs 0 <= warmup (" + warmup + ") < total (" + total + ") and min (" + min
                    + ") <= base (" + base + ")");
        }
        return step -> {
            if (step < warmup) return base * step / warmup;
            if (step >= total) return min;
            double progress = (double) (step - warmup) / (total - warmup);
            return min + (base - min) * 0.5 * (1 + Math.cos(Math.PI * progress));
        };
    }

    /** base * gamma^floor(step / every): PyTorch's StepLR. */
    static LrSchedule stepDecay(double base, double gamma, long every) {
        if (every < 1 || gamma <= 0) throw new IllegalArgumentException("stepDecay: every (" + every + ") must be >= 1 and gamma (" + gamma + ") > 0");
        return step -> base * Math.pow(gamma, Math.floorDiv(step, every));
    }
}
