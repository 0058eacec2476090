package facet.train.data.synth;

import facet.train.data.Example;
import facet.train.data.StagedFolder;
import facet.train.data.formats.FormatWriter;
import facet.train.data.formats.Writers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a synthetic domain in an on-disk layout: {@code count} samples spread over the domain's
 * splits as the real dataset spreads them, rendered on worker threads and written in order, so
 * the output depends on the seed only. The folder is written whole through a {@link StagedFolder}:
 * one that already holds files is refused unless overwrite is given, then replaced, not mixed.
 */
public final class Export {
    private Export() {}

    /** Samples written per split, in split order. */
    public record Summary(List<String> splits, int[] counts) {}

    public static Summary write(Domain domain, String layout, int count, long seed, Path out, boolean overwrite, int threads)
            throws IOException {
        if (!domain.labelled && !Writers.UNLABELLED.contains(layout)) {
            throw new IllegalArgumentException("synth: domain " + domain.name + " is unlabelled; it can be written as faces or celebamask-hq, not " + layout);
        }
        int[] counts = new int[domain.splits().size()];
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try (StagedFolder staged = StagedFolder.open(out, overwrite, "--out")) {
            try (FormatWriter w = Writers.create(layout, staged.path(), seed)) {
                for (int s = 0; s < counts.length; s++) counts[s] = render(domain, domain.splits().get(s), count, seed, pool, w);
            } // the writer's close writes the label files: only then is the folder complete
            staged.commit();
        } finally {
            pool.shutdownNow();
        }
        return new Summary(domain.splits(), counts);
    }

    /** Renders one split's share of count on the pool, 64 at a time, and writes it in order; returns its size. */
    private static int render(Domain domain, String split, int count, long seed, ExecutorService pool, FormatWriter w) throws IOException {
        SyntheticFaces faces = new SyntheticFaces(domain, split, domain.splitSize(split, count), seed);
        final int chunk = 64;
        for (int from = 0; from < faces.size(); from += chunk) {
            List<Future<Example>> fs = new ArrayList<>();
            for (int i = from; i < Math.min(faces.size(), from + chunk); i++) {
                int k = i;
                fs.add(pool.submit(() -> faces.get(k)));
            }
            for (Future<Example> f : fs) w.add(split, get(f));
        }
        return faces.size();
    }

    private static Example get(Future<Example> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("synth: interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IOException(e.getCause());
        }
    }
}
