package facet.train.cli;

import facet.train.data.Text;
import facet.train.data.formats.Writers;
import facet.train.data.synth.ContactSheet;
import facet.train.data.synth.Domain;
import facet.train.data.synth.Export;
import facet.train.data.synth.SyntheticFaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;

/**
 * The synthetic face generator from the command line: export a domain in a real dataset's
 * layout, draw a contact sheet, or time the renderer.
 */
@Command(name = "synth", description = {"Synthetic faces: write a domain in its dataset's on-disk layout, draw a contact sheet, or time the generator.",
        "  synth --domain raf --count 2000 --seed 1 --out DIR [--format rafdb] [--overwrite]",
        "  synth --sheet sheet.png [--seed 1] [--overwrite]",
        "  synth --bench [--count 3000] [--size 112]"})
final class SynthCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin OutputOptions output;

    /** Largest --count: ten million faces is far past every real dataset's size. */
    static final int MAX_COUNT = 10_000_000;

    @Option(names = "--domain", description = "raf, affectnet, sfew, fer2013, expw, jaffe, celebamask or faces")
    String domain;

    @Option(names = "--count", description = "samples in all (spread over the domain's splits); with --bench, faces to time")
    Integer count;

    @Option(names = "--seed", description = "everything generated is a function of it (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--out", description = "folder to write the dataset into")
    Path out;

    @Option(names = "--format", description = "on-disk layout (default: the domain's own): ${COMPLETION-CANDIDATES}",
            completionCandidates = Layouts.class)
    String format;

    @Option(names = "--threads", description = "render threads (default: all cores)")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--sheet", description = "write a PNG contact sheet (rows expressions, columns domains, with parsing maps)")
    Path sheet;

    @Option(names = "--cell", description = "contact sheet cell size in pixels (default ${DEFAULT-VALUE})")
    int cell = 112;

    @Option(names = "--bench", description = "time the generator on one core, all domains in turn")
    boolean bench;

    @Option(names = "--size", description = "with --bench: the square image size (default ${DEFAULT-VALUE})")
    int size = 112;

    static final class Layouts implements Iterable<String> {
        @Override public Iterator<String> iterator() { return Writers.NAMES.iterator(); }
    }

    @Override public Integer call() throws Exception {
        var out = spec.commandLine().getOut();
        Options.range(spec, "--threads", threads, 1, 1024);
        if (sheet != null) {
            Options.range(spec, "--cell", cell, 16, 1024);
            if (Files.isDirectory(sheet)) throw Options.bad(spec, "--sheet " + sheet + " is a folder; name a .png file");
            if (!sheet.toString().toLowerCase(Locale.ROOT).endsWith(".png")) throw Options.bad(spec, "--sheet " + sheet + " must name a .png file");
            Path file = output.file(sheet, "--sheet");
            ContactSheet.write(file, seed, cell);
            out.println("wrote " + file);
            return 0;
        }
        if (bench) {
            Options.range(spec, "--size", size, 8, 1024);
            if (count != null) Options.range(spec, "--count", count, 1, MAX_COUNT);
            return bench(out);
        }
        if (domain == null || this.out == null || count == null) {
            throw Options.bad(spec, "export needs --domain, --count and --out (or use --sheet or --bench)");
        }
        Domain d;
        try {
            d = Domain.byName(domain);
        } catch (IllegalArgumentException e) {
            throw Options.bad(spec, "--domain: " + e.getMessage());
        }
        Options.range(spec, "--count", count, 1, MAX_COUNT);
        String layout = format == null ? d.layout : format;
        if (!Writers.NAMES.contains(layout)) {
            throw Options.bad(spec, "unknown --format " + Text.quote(layout) + "; layouts: " + String.join(", ", Writers.NAMES));
        }
        if (!d.labelled && !Writers.UNLABELLED.contains(layout)) {
            throw Options.bad(spec, "--domain " + d.name + " is unlabelled; write it with --format " + String.join(" or ", Writers.UNLABELLED));
        }
        output.checkFolder(this.out, "--out"); // before rendering: refuse to destroy an existing dataset
        long t0 = System.nanoTime();
        Export.Summary s = Export.write(d, layout, count, seed, this.out, output.overwrite(), threads);
        StringBuilder parts = new StringBuilder();
        for (int i = 0; i < s.splits().size(); i++) parts.append(i > 0 ? ", " : "").append(s.counts()[i]).append(' ').append(s.splits().get(i));
        out.printf("wrote %s as %s to %s: %s (%.1f s)%n", d.name, layout, this.out, parts, (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** Faces per second on one thread at size x size, after a warm-up, cycling through every domain. */
    private int bench(PrintWriter out) {
        int n = count == null ? 3000 : count;
        List<SyntheticFaces> sets = Domain.ALL.stream().map(d -> new SyntheticFaces(d, d.splits().getFirst(), n, seed, size, size)).toList();
        IntStream.range(0, 200).forEach(i -> sets.get(i % sets.size()).get(i)); // JIT warm-up
        out.printf("%-11s %8s %10s%n", "domain", "faces", "faces/s");
        long total = 0;
        int done = 0;
        for (SyntheticFaces s : sets) {
            int per = Math.max(1, n / sets.size());
            long t0 = System.nanoTime();
            for (int i = 0; i < per; i++) s.get(i);
            long dt = System.nanoTime() - t0;
            total += dt;
            done += per;
            out.printf("%-11s %8d %10.0f%n", s.domain().name, per, per / (dt / 1e9));
        }
        out.printf("%-11s %8d %10.0f   (one core, %dx%d, RGB + parsing map)%n", "all", done, done / (total / 1e9), size, size);
        return 0;
    }
}
