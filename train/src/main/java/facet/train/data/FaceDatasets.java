package facet.train.data;

import facet.train.data.transform.Transform;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Datasets made from datasets: held in memory, or several joined end to end. */
public final class FaceDatasets {
    private FaceDatasets() {}

    /**
     * Every sample of src decoded once, passed through prep (a deterministic step such as a
     * resize; it is given a fixed stream) and kept in memory. Samples that fail to decode are
     * reported and left out. For small sets that are visited many times (calibration, tests).
     */
    public static FaceDataset cached(FaceDataset src, Transform prep, int threads, Problems problems) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        List<Example> kept = new ArrayList<>();
        try {
            List<Future<Example>> fs = new ArrayList<>();
            for (int i = 0; i < src.size(); i++) {
                int k = i;
                fs.add(pool.submit(() -> {
                    try {
                        return prep.apply(src.get(k), Rng.of(0, k));
                    } catch (BadInputException e) {
                        problems.report(e.problem());
                        return null;
                    }
                }));
            }
            for (Future<Example> f : fs) {
                Example e = f.get();
                if (e != null) kept.add(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("cached: interrupted while decoding " + src.name(), e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return of(src.name(), kept);
    }

    /** A dataset over examples already in memory. */
    public static FaceDataset of(String name, List<Example> examples) {
        List<Example> list = List.copyOf(examples);
        return new FaceDataset() {
            @Override public String name() { return name; }

            @Override public int size() { return list.size(); }

            @Override public int label(int i) { return list.get(i).label(); }

            @Override public Example get(int i) { return list.get(i); }
        };
    }

    /** The datasets one after another (e.g. two source domains for multi-source training). */
    public static FaceDataset concat(List<FaceDataset> parts) {
        List<FaceDataset> ps = List.copyOf(parts);
        int[] starts = new int[ps.size() + 1];
        for (int k = 0; k < ps.size(); k++) starts[k + 1] = starts[k] + ps.get(k).size();
        String name = String.join(" + ", ps.stream().map(FaceDataset::name).toList());
        return new FaceDataset() {
            private int part(int i) {
                if (i < 0 || i >= starts[ps.size()]) throw new IndexOutOfBoundsException(name + ": sample " + i + " of " + starts[ps.size()]);
                int k = ps.size() - 1;
                while (starts[k] > i) k--; // the last part starting at or before i (empty parts are skipped)
                return k;
            }

            @Override public String name() { return name; }

            @Override public int size() { return starts[ps.size()]; }

            @Override public int label(int i) {
                int k = part(i);
                return ps.get(k).label(i - starts[k]);
            }

            @Override public Example get(int i) {
                int k = part(i);
                return ps.get(k).get(i - starts[k]);
            }
        };
    }
}
