package facet.train.experiment;

import facet.train.report.Health;
import facet.train.report.ResultTable;
import facet.train.run.Config;
import facet.train.run.ConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./facet table RUN...}: evaluated fine-tuning runs gathered into one paper-style table.
 * Runs whose configs differ only in the seed are one row (mean ± std over them); the row is named
 * by what differs between rows: input, variant and second source. Each row also gives its train
 * accuracy, its encoder's linear probe and whether it learned ({@link RunHealth}).
 */
public final class TableMaker {
    private TableMaker() {}

    /** One evaluated run: its row name and group, its target accuracies and source accuracy in percent, its health. */
    record Evaluated(String method, String group, List<String> targets, double[] target, double source, Health health) {}

    public static ResultTable table(List<Path> runs) {
        Map<String, List<Evaluated>> groups = new LinkedHashMap<>();
        List<String> targets = null;
        for (Path run : runs) {
            Evaluated e = read(run);
            if (targets == null) targets = e.targets();
            else if (!targets.equals(e.targets())) {
                throw new ConfigException("table: " + run + " was evaluated on " + e.targets() + ", the first run on " + targets + "; tabulate runs with the same targets");
            }
            groups.computeIfAbsent(e.group(), g -> new ArrayList<>()).add(e);
        }
        if (targets == null) throw new ConfigException("table: give at least one evaluated fine-tuning run folder");
        ResultTable t = new ResultTable("Evaluated runs (runs differing only in seed: mean ± std)", targets);
        for (List<Evaluated> g : groups.values()) {
            double[][] cols = new double[targets.size()][g.size()];
            double[] source = new double[g.size()];
            for (int s = 0; s < g.size(); s++) {
                for (int i = 0; i < targets.size(); i++) cols[i][s] = g.get(s).target()[i];
                source[s] = g.get(s).source();
            }
            t.add(g.getFirst().method() + (g.size() > 1 ? " (" + g.size() + " seeds)" : ""), cols, source,
                    g.stream().map(Evaluated::health).toList());
        }
        return t;
    }

    /** An evaluated fine-tuning run folder: config.conf and results.csv (what ./facet eval writes), read as a table row. */
    static Evaluated read(Path run) {
        Path csv = run.resolve("results.csv"), conf = run.resolve("config.conf");
        if (!Files.isRegularFile(conf)) throw new ConfigException("table: " + run + " is not a fine-tuning run folder (no config.conf)");
        if (!Files.isRegularFile(csv)) throw new ConfigException("table: " + run + " has not been evaluated (no results.csv): run ./facet eval --from " + run);
        Config c = Config.read(Finetuning.spec(), conf);
        String group = c.with("seed", 0L).text();   // runs that differ only in the seed are one row
        String method = c.s("input") + " + " + c.s("variant") + (c.s("source2").isEmpty() ? "" : " (+" + c.s("source2") + ")");
        List<String> targets = new ArrayList<>();
        List<Double> acc = new ArrayList<>();
        double source = Double.NaN, majority = Double.NaN;   // fractions, as results.csv holds them
        String sourceName = c.s("source");
        try {
            List<String> lines = Files.readAllLines(csv);
            for (int i = 1; i < lines.size(); i++) {
                String[] f = lines.get(i).split(",");
                if (f.length != 6) throw new ConfigException("table: " + csv + " line " + (i + 1) + " has " + f.length + " fields, expected 6");
                double a = Double.parseDouble(f[3]);
                if (f[0].equals("source")) {
                    source = a;
                    sourceName = f[1];
                    majority = Double.parseDouble(f[5]);
                } else {
                    targets.add(f[1]);
                    acc.add(100 * a);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + csv, e);
        } catch (NumberFormatException e) {
            throw new ConfigException("table: " + csv + " holds a value that is not a number (" + e.getMessage() + ")");
        }
        return new Evaluated(method, group, targets, acc.stream().mapToDouble(Double::doubleValue).toArray(), 100 * source,
                RunHealth.of(run, sourceName, source, majority));
    }
}
