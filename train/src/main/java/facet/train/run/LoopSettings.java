package facet.train.run;

/**
 * How {@link TrainLoop} trains: AdamW's hyperparameters, a linear warm-up over the first
 * {@code warmup} fraction of the steps then a cosine down to {@code minLr}, optional clipping of
 * the global gradient norm, and the cadences (in optimizer steps; 0 turns one off).
 *
 * @param phase          a name for the progress line and the file names ("" for a one-phase run:
 *                       metrics.csv, checkpoint.safetensors; else metrics-PHASE.csv, ...)
 * @param clipNorm       0: no clipping
 * @param logEvery       a metrics.csv row every this many steps (and at each epoch's end)
 * @param evalEvery      Task.evaluate every this many steps
 * @param evalEachEpoch  Task.evaluate at each epoch's end as well
 * @param checkpointEvery a checkpoint every this many steps (and at each epoch's end, always)
 * @param progressSeconds at most one progress line per this many seconds inside an epoch
 */
public record LoopSettings(String phase, int epochs, double lr, double minLr, double warmup, double weightDecay, double beta1,
                           double beta2, double eps, double clipNorm, int logEvery, int evalEvery, boolean evalEachEpoch,
                           int checkpointEvery, double progressSeconds) {
    public LoopSettings {
        if (epochs < 1) throw new IllegalArgumentException("loop: epochs " + epochs + " must be >= 1");
        if (!(lr > 0) || !(minLr >= 0 && minLr <= lr)) throw new IllegalArgumentException("loop: need lr > 0 and 0 <= min lr <= lr, got " + lr + ", " + minLr);
        if (!(warmup >= 0 && warmup < 1)) throw new IllegalArgumentException("loop: warm-up fraction " + warmup + " must be in [0, 1)");
        if (clipNorm < 0 || logEvery < 1 || evalEvery < 0 || checkpointEvery < 0) {
            throw new IllegalArgumentException("loop: need clip >= 0, log every >= 1, eval and checkpoint every >= 0");
        }
    }

    /** AdamW with PyTorch's betas, warm-up 5%, cosine to 0, no clipping, a row every step, a checkpoint per epoch. */
    public static LoopSettings of(int epochs, double lr, double weightDecay) {
        return new LoopSettings("", epochs, lr, 0, 0.05, weightDecay, 0.9, 0.999, 1e-8, 0, 1, 0, false, 0, 15);
    }

    /** The loop keys of a config (see {@link ConfigSpec#loopKeys}), for a phase ("" for one-phase runs). */
    public static LoopSettings from(Config c, String phase) {
        return new LoopSettings(phase, c.i("epochs"), c.d("lr"), c.d("min_lr"), c.d("warmup"), c.d("weight_decay"), c.d("beta1"),
                c.d("beta2"), 1e-8, c.d("clip"), c.i("log_every"), c.i("eval_every"), false, c.i("checkpoint_every"), 15);
    }

    public LoopSettings withEpochs(int e) { return new LoopSettings(phase, e, lr, minLr, warmup, weightDecay, beta1, beta2, eps, clipNorm, logEvery, evalEvery, evalEachEpoch, checkpointEvery, progressSeconds); }

    public LoopSettings withCadence(int log, int eval, boolean evalEpoch, int checkpoint) {
        return new LoopSettings(phase, epochs, lr, minLr, warmup, weightDecay, beta1, beta2, eps, clipNorm, log, eval, evalEpoch, checkpoint, progressSeconds);
    }

    String file(String stem, String ext) { return phase.isEmpty() ? stem + ext : stem + "-" + phase + ext; }
}
