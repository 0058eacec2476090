package facet.train.run;

import facet.nn.io.Checkpoint;
import facet.nn.optim.Optimizer;
import facet.tensor.Generator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run stands, as a checkpoint's metadata beside the model and optimizer tensors: optimizer
 * steps done, the loader position (the epoch and the next batch in it), the epoch's running sums,
 * each task generator's seed and offset, and the kernel plan (a resume under another is refused:
 * {@link RunPlan}). Doubles are stored as their bits in hex, so a resumed run starts from exactly
 * the numbers the killed one had.
 */
record TrainState(long step, int epoch, int batch, Sums sums) {
    private static final String STEP = "facet.step", EPOCH = "facet.epoch", BATCH = "facet.batch", SUMS = "facet.sums",
            GENERATOR = "facet.generator.";

    static TrainState start() { return new TrainState(0, 0, 0, new Sums()); }

    Map<String, Double> means() { return sums.means(); }

    /** Writes model, optimizer and position atomically (Checkpoint writes a temporary file and renames it). */
    static void save(Path file, Task task, Optimizer opt, long step, int epoch, int batch, Sums sums) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(STEP, Long.toString(step));
        meta.put(EPOCH, Integer.toString(epoch));
        meta.put(BATCH, Integer.toString(batch));
        meta.put(SUMS, sums.encode());
        meta.put(RunPlan.CHECKPOINT_KEY, RunPlan.running());
        task.generators().forEach((name, g) -> meta.put(GENERATOR + name, g.seed() + "," + g.offset()));
        try {
            Checkpoint.save(file, task.model(), opt, meta);
        } catch (IOException e) {
            throw new UncheckedIOException("loop: cannot write the checkpoint " + file, e);
        }
    }

    /** Restores model, optimizer and generators from file; every generator the task names must be in it. */
    static TrainState load(Path file, Task task, Optimizer opt) {
        Map<String, String> meta;
        try {
            meta = Checkpoint.load(file, task.model(), opt, true);
        } catch (IOException e) {
            throw new UncheckedIOException("loop: cannot read the checkpoint " + file, e);
        }
        RunPlan.check(meta.getOrDefault(RunPlan.CHECKPOINT_KEY, RunPlan.BEFORE_PLANS), "checkpoint " + file.getFileName(), file.getParent());
        for (Map.Entry<String, Generator> g : task.generators().entrySet()) {
            String v = need(meta, GENERATOR + g.getKey(), file);
            String[] parts = v.split(",");
            g.getValue().restore(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        }
        return new TrainState(Long.parseLong(need(meta, STEP, file)), Integer.parseInt(need(meta, EPOCH, file)),
                Integer.parseInt(need(meta, BATCH, file)), Sums.decode(need(meta, SUMS, file)));
    }

    private static String need(Map<String, String> meta, String key, Path file) {
        String v = meta.get(key);
        if (v == null) throw new IllegalArgumentException("checkpoint " + file + " has no '" + key + "' entry: it was not written by the training loop");
        return v;
    }
}
