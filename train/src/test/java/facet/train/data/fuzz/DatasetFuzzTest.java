package facet.train.data.fuzz;

import facet.train.data.BadInputException;
import facet.train.data.Problem;
import facet.train.data.formats.DataCheck;
import facet.train.data.formats.Format;
import facet.train.data.formats.NotThisFormatException;
import facet.train.data.synth.Domain;
import facet.train.data.synth.Export;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every dataset layout, written valid by the synthetic exporter, then damaged one file at a time
 * by seeded {@link Mutation}s and checked, lenient and strict, as {@code facet data check} does.
 * Properties: nothing but our bad-input exceptions escapes; every problem and exception names a
 * file of the dataset; a damaged image (truncated, or claiming a huge size) is always reported;
 * and no check allocates more than {@link #ALLOC_CAP}, whatever the damaged header claims.
 * A failure prints the layout, seed, case, file and mutation: rerun with -Dfuzz.cases=N.
 */
class DatasetFuzzTest {
    static final int CASES = Integer.getInteger("fuzz.cases", 40), SAMPLES = 10;
    static final long SEED = 20261203L;
    /** The pixel cap the checks run with, and the allocation no case may exceed (the cap's images, decoded, fit many times). */
    static final long MAX_PIXELS = 1 << 20, ALLOC_CAP = 256L << 20;

    static final AtomicLong cases = new AtomicLong(), files = new AtomicLong(), reported = new AtomicLong(), nanos = new AtomicLong();

    @ParameterizedTest
    @ValueSource(strings = {"rafdb", "fer2013", "ferplus", "ferplus-folders", "affectnet", "affectnet-npy", "sfew", "expw", "jaffe",
            "celebamask-hq", "faces"})
    void damagedFilesAreReportedNeverFatal(String layout, @org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        long t0 = System.nanoTime();
        Domain domain = Domain.ALL.stream().filter(d -> d.layout.equals(layout) || layout.startsWith(d.layout + "-")
                || (layout.startsWith("ferplus") && d == Domain.FER2013)).findFirst().orElseThrow();
        Format format = Format.byId(layout.replace("-folders", "").replace("-npy", ""));
        Path root = tmp.resolve("data");
        // a CelebAMask-HQ face is a 256x256 JPEG and about 15 mask PNGs: fewer faces keep its checks as quick as the others'
        Export.write(domain, layout, layout.equals("celebamask-hq") ? 4 : SAMPLES, SEED, root, false, 1);
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.filter(Files::isRegularFile).sorted().toList();
        }
        files.addAndGet(all.size());
        List<Path> text = all.stream().filter(p -> Mutation.isText(p.toString())).toList();
        List<Path> binary = all.stream().filter(p -> !Mutation.isText(p.toString())).toList();
        SplittableRandom r = new SplittableRandom(SEED ^ layout.hashCode());
        for (int c = 0; c < CASES; c++) {
            // label files are few but hold the most structure: half the cases damage one when there is one
            List<Path> pool = !text.isEmpty() && (binary.isEmpty() || r.nextBoolean()) ? text : binary;
            Path file = pool.get(r.nextInt(pool.size()));
            byte[] original = Files.readAllBytes(file);
            Mutation m = Mutation.of(original, file.getFileName().toString(), r);
            Files.write(file, m.bytes());
            String where = layout + " case " + c + ": " + root.relativize(file) + ", " + m.describe();
            try {
                check(format, root, file, m, where);
            } finally {
                Files.write(file, original);
            }
            cases.incrementAndGet();
        }
        nanos.addAndGet(System.nanoTime() - t0);
    }

    private static void check(Format format, Path root, Path file, Mutation m, String where) {
        String rootName = root.toString();
        boolean anyProblem = true;
        for (boolean strict : new boolean[] {false, true}) {
            if (strict && !anyProblem) break; // strict differs from lenient only where there is a problem to stop at
            long a0 = Allocation.current();
            DataCheck.Report report = null;
            try {
                report = DataCheck.run(format, root, strict, 1, MAX_PIXELS);
            } catch (BadInputException e) {
                assertTrue(e.problem().path().startsWith(rootName), where + ": the exception names no file of the dataset: " + e.getMessage());
            } catch (NotThisFormatException e) {
                assertTrue(e.getMessage().contains(rootName), where + ": the exception names no file of the dataset: " + e.getMessage());
            } catch (RuntimeException | Error e) {
                fail(where + (strict ? " (strict)" : "") + ": " + e + " escaped the reader", e);
            }
            long used = Allocation.since(a0);
            assertTrue(used <= ALLOC_CAP, where + ": the check allocated " + (used >> 20) + " MiB, over the cap of " + (ALLOC_CAP >> 20) + " MiB");
            if (report == null) continue;
            anyProblem = report.problemCount() > 0;
            for (Problem p : report.problems()) assertTrue(p.path().startsWith(rootName), where + ": a problem names no file of the dataset: " + p);
            if (!strict && mustBeReported(file, m)) {
                String name = file.toString();
                boolean named = report.problems().stream().anyMatch(p -> p.path().equals(name));
                assertTrue(named, where + ": the damaged image was not reported; problems: " + report.problems());
            }
            if (!strict && report.problemCount() > 0) reported.incrementAndGet();
        }
    }

    /** Damage no image decoder may pass over: a file cut short, or a size field claiming no pixels or more than the cap. */
    private static boolean mustBeReported(Path file, Mutation m) {
        if (Mutation.isText(file.toString()) || file.toString().endsWith(".npy")) return false;
        if (m.kind() == Mutation.Kind.TRUNCATE) return true;
        var size = java.util.regex.Pattern.compile("size set to (\\d+)x(\\d+)").matcher(m.detail());
        if (!size.find()) return false;
        long w = Long.parseLong(size.group(1)), h = Long.parseLong(size.group(2));
        return w == 0 || h == 0 || w * h > MAX_PIXELS;
    }

    @AfterAll
    static void size() {
        System.out.printf("dataset fuzz: %d layouts' files (%d) x %d cases = %d damaged datasets, %d with problems reported, %.1f s%n",
                11, files.get(), CASES, cases.get(), reported.get(), nanos.get() / 1e9);
    }
}
