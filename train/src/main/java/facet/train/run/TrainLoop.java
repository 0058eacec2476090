package facet.train.run;

import facet.nn.optim.AdamW;
import facet.nn.optim.GradClip;
import facet.nn.optim.LrSchedule;
import facet.tensor.StepArena;
import facet.tensor.Tensor;
import facet.train.data.loader.Batch;
import facet.train.data.loader.Loader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one training loop every run uses. Per step: lr from the schedule, zero the gradients,
 * {@link Task#step}, backward, optional clipping, AdamW. The task's named values stay on the
 * device until a logged step, when the pending ones are read at once, checked for NaN and
 * infinity, and the step's row goes to metrics.csv. Evaluation (eval.csv) and checkpoints come
 * after the check, so a checkpoint never holds a state that produced a non-finite loss.
 *
 * <p>Resuming is bit for bit: the checkpoint holds the model, AdamW's moments and step counts,
 * the step (the schedule is a function of it), the loader position (epoch, next batch; the
 * loader's order and augmentation are functions of the seed, epoch and index), each task
 * generator's seed and offset, and the epoch's running sums. Kernels give the same bits for the
 * same thread count (see facet.kernels.cpu.Simd), so the resumed run writes the same rows.
 */
public final class TrainLoop {
    private TrainLoop() {}

    /** steps: optimizer steps done in total; means: the last epoch's mean of each value. */
    public record Result(long steps, Map<String, Double> means, boolean resumedFinished) {}

    /** One pending step whose values are still on the device. */
    private record Pending(long step, int epoch, int batch, int images, double lr, Tensor loss, Map<String, Tensor> values) {}

    public static Result run(Task task, Loader loader, LoopSettings s, RunDir run) {
        AdamW opt = new AdamW(task.paramGroups(s.weightDecay()), s.lr(), s.beta1(), s.beta2(), s.eps());
        int perEpoch = loader.batchesPerEpoch();
        if (perEpoch < 1) throw new IllegalArgumentException("loop: the loader yields no batch per epoch (" + loader.dataset().size() + " samples)");
        long total = (long) s.epochs() * perEpoch, warmup = Math.max(1, (long) (total * s.warmup()));
        LrSchedule schedule = LrSchedule.warmupCosine(s.lr(), s.minLr(), Math.min(warmup, total - 1), Math.max(2, total));
        Path ckpt = run.file(s.file("checkpoint", ".safetensors"));
        TrainState state = TrainState.start();
        if (ckpt != null && Files.exists(ckpt)) {
            state = TrainState.load(ckpt, task, opt);
            run.log().printf("resuming %sfrom step %d (epoch %d, batch %d) of %s%n", s.phase().isEmpty() ? "" : s.phase() + " ",
                    state.step(), state.epoch() + 1, state.batch(), ckpt);
        }
        if (state.epoch() >= s.epochs()) return new Result(state.step(), state.means(), true);

        try (CsvLog metrics = open(run, s.file("metrics", ".csv"), state.step()); CsvLog evals = open(run, s.file("eval", ".csv"), state.step())) {
            var progress = new ProgressLine(run.log(), s.phase(), s.epochs(), perEpoch, state.step(), s.progressSeconds());
            long step = state.step();
            // a checkpoint from an epoch's end carries that epoch's sums: the next epoch starts its own
            Sums sums = state.batch() == 0 ? new Sums() : state.sums();
            List<Pending> pending = new ArrayList<>();
            StepArena arena = new StepArena();
            long windowStart = System.nanoTime();
            int windowImages = 0;
            for (int e = state.epoch(); e < s.epochs(); e++) {
                task.model().train();
                if (e != state.epoch()) sums = new Sums();
                for (Batch b : loader.epoch(e, e == state.epoch() ? state.batch() : 0)) {
                    double lr = schedule.at(step);
                    opt.setLr(lr);
                    Task.Step out;
                    try (StepArena.Scope ignored = arena.enter()) {   // the step's large arrays are recycled by the next
                        opt.zeroGrad();
                        out = task.step(b);
                        out.loss().backward();
                        if (s.clipNorm() > 0) GradClip.globalNorm(task.model().parameters(), s.clipNorm());
                        opt.step();
                        task.model().zeroGrad();   // the gradients die with the step: none holds its arena past it
                    }
                    step++;
                    pending.add(new Pending(step, e, b.index(), b.size(), lr, out.loss().data(), out.values()));
                    windowImages += b.size();
                    boolean last = b.index() == perEpoch - 1, log = last || step % s.logEvery() == 0;
                    boolean eval = s.evalEvery() > 0 && step % s.evalEvery() == 0 || last && s.evalEachEpoch();
                    boolean save = last || s.checkpointEvery() > 0 && step % s.checkpointEvery() == 0;
                    if (!(log || eval || save)) continue;
                    // the one host read of the window: every pending value, checked before anything is written
                    Map<String, Double> values = read(pending, sums, s, ckpt);
                    double rate = windowImages / Math.max(1e-9, (System.nanoTime() - windowStart) / 1e9);
                    if (log) {
                        List<String> names = new ArrayList<>(List.of("step", "epoch", "batch"));
                        List<String> cells = new ArrayList<>(List.of(Long.toString(step), Integer.toString(e), Integer.toString(b.index())));
                        values.forEach((k, v) -> { names.add(k); cells.add(Double.toString(v)); });
                        names.addAll(List.of("lr", "images_per_s"));
                        cells.addAll(List.of(Double.toString(lr), String.format(Locale.ROOT, "%.1f", rate)));
                        if (metrics != null) metrics.row(names, cells);
                        windowStart = System.nanoTime();
                        windowImages = 0;
                    }
                    progress.update(step, e, b.index(), sums.means(), lr, rate, last);
                    if (eval) evaluate(task, step, e, evals, run);
                    if (save && ckpt != null) TrainState.save(ckpt, task, opt, step, last ? e + 1 : e, last ? 0 : b.index() + 1, sums);
                }
                task.endOfEpoch(e);
            }
            return new Result(step, sums.means(), false);
        } catch (IOException ex) {
            throw new UncheckedIOException("loop: cannot write the run folder " + run.dir(), ex);
        }
    }

    private static CsvLog open(RunDir run, String name, long step) throws IOException {
        Path f = run.file(name);
        return f == null ? null : CsvLog.reopen(f, step);
    }

    /** Reads the pending steps' values (one sync), adds them to the epoch sums; returns the last step's. */
    private static Map<String, Double> read(List<Pending> pending, Sums sums, LoopSettings s, Path ckpt) {
        Map<String, Double> last = new LinkedHashMap<>();
        for (Pending p : pending) {
            last = new LinkedHashMap<>();
            Map<String, Tensor> all = new LinkedHashMap<>(p.values());
            all.putIfAbsent("loss", p.loss());     // the minimised total is checked even when it is not a logged column
            for (Map.Entry<String, Tensor> v : all.entrySet()) {
                double x = v.getValue().item();
                if (!Double.isFinite(x)) {
                    throw new NonFiniteLossException(s.phase(), p.step(), p.epoch(), v.getKey(), x,
                            ckpt == null ? "nothing was saved (no run folder)" : "the last good checkpoint is " + ckpt);
                }
                if (p.values().containsKey(v.getKey())) last.put(v.getKey(), x);
            }
            sums.add(last, p.images());
        }
        pending.clear();
        return last;
    }

    private static void evaluate(Task task, long step, int epoch, CsvLog evals, RunDir run) {
        task.model().eval();
        Map<String, Double> m = task.evaluate(step, epoch);
        task.model().train();
        if (m.isEmpty()) return;
        List<String> names = new ArrayList<>(List.of("step", "epoch")), cells = new ArrayList<>(List.of(Long.toString(step), Integer.toString(epoch)));
        StringBuilder line = new StringBuilder("eval at step " + step + ":");
        m.forEach((k, v) -> {
            names.add(k);
            cells.add(Double.toString(v));
            line.append(String.format(Locale.ROOT, "  %s %.4g", k, v));
        });
        if (evals != null) evals.row(names, cells);
        run.log().println(line);
        run.log().flush();
    }
}
