package facet.train.data.loader;

import facet.tensor.Backends;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Tensor;
import facet.train.data.BadInputException;
import facet.train.data.Example;
import facet.train.data.FaceDataset;
import facet.train.data.Image;
import facet.train.data.Problem;
import facet.train.data.Problems;
import facet.train.data.Rng;
import facet.train.data.transform.Transform;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Batches from a dataset: decoding and augmentation on worker threads, a bounded prefetch
 * queue, and batches handed out in order.
 *
 * <p>Determinism: the epoch's order is a permutation drawn from (seed, epoch), and sample i's
 * augmentation draws from the stream (seed, epoch, i) (its second view from (seed, epoch, i, 1)),
 * so a seed gives the same batches, bit for bit, whatever the number of workers or the timing.
 * A sample that fails to decode is left out of its batch and reported to the loader's
 * {@link Problems} when its batch is handed out, in loader order (in strict mode that report
 * ends the epoch).
 */
public final class Loader implements AutoCloseable {
    private static final long ORDER = Rng.key("loader-order");

    private final FaceDataset data;
    private final Transform transform, second;
    private final int batchSize, workers, prefetch;
    private final boolean shuffle, dropLast;
    private final long seed;
    private final List<String> domains;
    private final Problems problems;
    private final ExecutorService pool;

    private Loader(Builder b) {
        data = b.data;
        transform = b.transform;
        second = b.second;
        batchSize = b.batchSize;
        workers = b.workers;
        prefetch = b.prefetch;
        shuffle = b.shuffle;
        dropLast = b.dropLast;
        seed = b.seed;
        domains = b.domains;
        problems = b.problems;
        pool = workers == 0 ? null : Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "facet-loader");
            t.setDaemon(true); // an abandoned loader must not keep the JVM alive
            return t;
        });
    }

    public static Builder over(FaceDataset data) { return new Builder(data); }

    public FaceDataset dataset() { return data; }

    public int batchesPerEpoch() {
        int n = data.size();
        return dropLast ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Dataset indices in the order epoch e visits them. */
    public int[] order(int epoch) {
        if (!shuffle) {
            int[] o = new int[data.size()];
            for (int i = 0; i < o.length; i++) o[i] = i;
            return o;
        }
        return Rng.of(seed, ORDER, epoch).permutation(data.size());
    }

    /** The batches of one epoch, computed ahead by the workers as the iteration proceeds. */
    public Iterable<Batch> epoch(int epoch) { return epoch(epoch, 0); }

    /**
     * The batches of one epoch from batch index {@code from} on: the same batches, bit for bit, as
     * the tail of {@link #epoch(int)}, without computing the ones skipped (a resumed run starts here).
     */
    public Iterable<Batch> epoch(int epoch, int from) {
        if (from < 0 || from > batchesPerEpoch()) {
            throw new IllegalArgumentException("loader: batch " + from + " is outside epoch " + epoch + "'s " + batchesPerEpoch() + " batches");
        }
        return () -> new EpochIterator(epoch, from);
    }

    @Override public void close() { if (pool != null) pool.shutdownNow(); }

    // =========================================================================================
    // One epoch
    // =========================================================================================

    /** A sample after the pipeline, or the problem that kept it from decoding. */
    private record Item(int index, Example first, Example second, Problem problem) {}

    private final class EpochIterator implements Iterator<Batch> {
        private final int epoch, batches;
        private final int[] order;
        private final ArrayDeque<List<Future<Item>>> ahead = new ArrayDeque<>();
        private int handedOut, submitted;

        EpochIterator(int epoch, int from) {
            this.epoch = epoch;
            this.order = order(epoch);
            this.batches = batchesPerEpoch();
            handedOut = submitted = from;
            if (pool != null) while (submitted < Math.min(batches, from + prefetch)) submit();
        }

        @Override public boolean hasNext() { return handedOut < batches; }

        @Override public Batch next() {
            if (!hasNext()) throw new NoSuchElementException("loader: epoch " + epoch + " has " + batches + " batches");
            int k = handedOut++;
            List<Item> items = new ArrayList<>();
            if (pool == null) {
                for (int pos = k * batchSize; pos < end(k); pos++) items.add(process(order[pos]));
            } else {
                List<Future<Item>> futures = ahead.poll();
                if (submitted < batches) submit();
                for (Future<Item> f : futures) items.add(await(f));
            }
            return assemble(k, items);
        }

        private int end(int k) { return Math.min(order.length, (k + 1) * batchSize); }

        private void submit() {
            List<Future<Item>> fs = new ArrayList<>();
            for (int pos = submitted * batchSize; pos < end(submitted); pos++) {
                int i = order[pos];
                fs.add(pool.submit(() -> process(i)));
            }
            ahead.add(fs);
            submitted++;
        }

        private Item process(int i) {
            Example raw;
            try {
                raw = data.get(i);
            } catch (BadInputException e) {
                return new Item(i, null, null, e.problem());
            }
            Example a = transform.apply(raw, Rng.of(seed, epoch, i));
            Example b = second == null ? null : second.apply(raw, Rng.of(seed, epoch, i, 1));
            return new Item(i, a, b, null);
        }

        private Item await(Future<Item> f) {
            try {
                return f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("loader: interrupted while waiting for a batch", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) throw re;
                throw new IllegalStateException("loader: a worker failed", e.getCause());
            }
        }

        private Batch assemble(int k, List<Item> items) {
            for (Item it : items) if (it.problem() != null) problems.report(it.problem());
            List<Item> ok = items.stream().filter(it -> it.problem() == null).toList();
            int n = ok.size();
            int[] idx = new int[n], labels = new int[n], dom = new int[n];
            boolean allMaps = n > 0;
            for (int j = 0; j < n; j++) {
                Item it = ok.get(j);
                idx[j] = it.index();
                labels[j] = it.first().label();
                allMaps &= it.first().parsing() != null;
                if (domains != null) dom[j] = domainId(it.first());
            }
            Tensor images = stack(ok, false), sec = second == null ? null : stack(ok, true);
            Tensor maps = allMaps ? stackMaps(ok) : null;
            return new Batch(epoch, k, images, Tensor.ofInts(labels, n), maps, sec,
                    domains == null ? null : Tensor.ofInts(dom, n), idx);
        }

        private int domainId(Example e) {
            int d = domains.indexOf(e.domain());
            if (d < 0) throw new IllegalArgumentException("loader: sample of domain '" + e.domain() + "' is not one of " + domains);
            return d;
        }
    }

    /** (N, C, H, W) float32 from the samples' images, which must share one shape. */
    private static Tensor stack(List<Item> items, boolean secondView) {
        if (items.isEmpty()) return Tensor.zeros(0, 0, 0, 0);
        Image first = view(items.getFirst(), secondView);
        int c = first.channels, h = first.height, w = first.width, per = c * h * w;
        float[] buf = new float[items.size() * per];
        for (int j = 0; j < items.size(); j++) {
            Image img = view(items.get(j), secondView);
            if (img.channels != c || img.height != h || img.width != w) {
                throw new IllegalArgumentException("loader: sample " + items.get(j).index() + " is " + img.channels + "x" + img.height
                        + "x" + img.width + " but sample " + items.getFirst().index() + " is " + c + "x" + h + "x" + w
                        + "; end the pipeline with a resize and a channels step");
            }
            System.arraycopy(img.data, 0, buf, j * per, per);
        }
        return Tensor.wrap(Backends.of(Device.CPU, DType.F32).fromArray(buf), items.size(), c, h, w);
    }

    private static Image view(Item it, boolean secondView) { return secondView ? it.second().image() : it.first().image(); }

    private static Tensor stackMaps(List<Item> items) {
        var m0 = items.getFirst().first().parsing();
        int hw = m0.height * m0.width;
        int[] buf = new int[items.size() * hw];
        for (int j = 0; j < items.size(); j++) {
            byte[] ids = items.get(j).first().parsing().ids;
            for (int p = 0; p < hw; p++) buf[j * hw + p] = ids[p];
        }
        return Tensor.ofInts(buf, items.size(), m0.height, m0.width);
    }

    // =========================================================================================
    // Builder
    // =========================================================================================

    public static final class Builder {
        private final FaceDataset data;
        private Transform transform = Transform.identity(), second;
        private int batchSize = 32, workers = Math.max(1, Runtime.getRuntime().availableProcessors() - 1), prefetch = 4;
        private boolean shuffle = true, dropLast;
        private long seed;
        private List<String> domains;
        private Problems problems = Problems.lenient();

        private Builder(FaceDataset data) { this.data = data; }

        public Builder transform(Transform t) { transform = t; return this; }

        /** A second pipeline over the same decoded sample, e.g. the blurred view x_a. */
        public Builder secondView(Transform t) { second = t; return this; }

        public Builder batchSize(int n) {
            if (n <= 0) throw new IllegalArgumentException("loader: batch size must be positive, got " + n);
            batchSize = n;
            return this;
        }

        /** 0 computes every sample on the calling thread. */
        public Builder workers(int n) {
            if (n < 0) throw new IllegalArgumentException("loader: workers must be >= 0, got " + n);
            workers = n;
            return this;
        }

        /** Batches computed ahead of the consumer (at least 1). */
        public Builder prefetch(int n) {
            if (n < 1) throw new IllegalArgumentException("loader: prefetch must be >= 1, got " + n);
            prefetch = n;
            return this;
        }

        public Builder shuffle(boolean s) { shuffle = s; return this; }

        public Builder dropLast(boolean d) { dropLast = d; return this; }

        public Builder seed(long s) { seed = s; return this; }

        /** Adds Batch.domains: each sample's domain name's position in this list. */
        public Builder domains(String... names) { domains = List.copyOf(Arrays.asList(names)); return this; }

        public Builder problems(Problems p) { problems = p; return this; }

        public Loader build() { return new Loader(this); }
    }
}
