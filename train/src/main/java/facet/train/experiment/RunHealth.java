package facet.train.experiment;

import facet.train.report.Health;
import facet.train.run.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fine-tuning run folder's {@link Health}: its source test row (from evaluation), its training
 * accuracy (metrics.csv) and the linear probe of its encoder (summary.json of the pre-training run
 * that its config's {@code from} names). A number the folder does not have reads as NaN, which the
 * tables print as "—": pixel input has no probe, and older runs have no probe key.
 */
final class RunHealth {
    private RunHealth() {}

    /** summary.json keys of a pre-training run, fractions on the source's test split. */
    static final String PROBE = Pretraining.PROBE_ACCURACY, RANDOM_PROBE = Pretraining.RANDOM_PROBE_ACCURACY;

    static Health of(Path run, Evaluation.Row source) {
        return of(run, source.dataset(), source.accuracy(), source.majority());
    }

    static Health of(Path run, String dataset, double accuracy, double majority) {
        return new Health(dataset, accuracy, majority, trainAccuracy(run.resolve("metrics.csv")), probe(run));
    }

    /**
     * The last epoch's mean of the {@code acc} column: TrainLoop writes a row every few steps and
     * at each epoch's last batch, each with that step's batch accuracy, and the epoch in its own
     * column; the rows of the highest epoch are averaged. NaN without the file or the columns.
     */
    static double trainAccuracy(Path metricsCsv) {
        if (!Files.isRegularFile(metricsCsv)) return Double.NaN;
        List<String> lines;
        try {
            lines = Files.readAllLines(metricsCsv);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + metricsCsv, e);
        }
        if (lines.isEmpty()) return Double.NaN;
        List<String> head = List.of(lines.getFirst().split(",", -1));
        int epochAt = head.indexOf("epoch"), accAt = head.indexOf("acc");
        if (epochAt < 0 || accAt < 0) return Double.NaN;
        long last = -1;
        double sum = 0;
        int n = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length != head.size() || cells[accAt].isBlank()) continue;
            long epoch = Long.parseLong(cells[epochAt].strip());
            if (epoch > last) {
                last = epoch;
                sum = 0;
                n = 0;
            }
            if (epoch == last) {
                sum += Double.parseDouble(cells[accAt].strip());
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The linear probe of the encoder the run fine-tuned; NaN for pixel input or a summary without it. */
    static double probe(Path run) {
        Path conf = run.resolve("config.conf");
        if (!Files.isRegularFile(conf)) return Double.NaN;
        Config c = Config.read(Finetuning.spec(), conf);
        if (!c.choice("input", Input.class).pretrained() || c.s("from").isEmpty()) return Double.NaN;
        return summaryNumber(Path.of(c.s("from")), PROBE);
    }

    private static final Pattern NUMBER = Pattern.compile("\"%s\": ([-0-9.eE]+)");

    /** A number from a run's summary.json (written by our JsonWriter, one line); NaN when the file or the key is missing. */
    static double summaryNumber(Path runDir, String key) {
        Path f = runDir.resolve("summary.json");
        if (!Files.isRegularFile(f)) return Double.NaN;
        try {
            Matcher m = Pattern.compile(String.format(NUMBER.pattern(), Pattern.quote(key))).matcher(Files.readString(f));
            return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f, e);
        }
    }
}
