package facet.train.experiment;

import facet.nn.Layer;
import facet.nn.io.AtomicFiles;
import facet.nn.io.Checkpoint;
import facet.nn.io.JsonWriter;
import facet.tensor.Device;
import facet.train.data.FaceDataset;
import facet.train.data.Problems;
import facet.train.report.ConfusionFigure;
import facet.train.run.Config;
import facet.train.run.ConfigException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A fine-tuned model tested on its source's test split and on every target: accuracy, mean
 * per-class recall, majority-class accuracy and the sample count per dataset, the target average,
 * a confusion matrix per dataset (CSV and PNG), all written into the fine-tuning run's folder
 * (results.json, results.md) and the table printed.
 */
public final class Evaluating {
    private Evaluating() {}

    public record Result(Evaluation.Row source, List<Evaluation.Row> targets) {
        public double targetMean() { return Evaluation.meanAccuracy(targets); }

        /** The source's row, then the targets'. */
        public List<Evaluation.Row> all() {
            List<Evaluation.Row> all = new ArrayList<>();
            all.add(source);
            all.addAll(targets);
            return all;
        }
    }

    /** targets: dataset references, or null for the run's own config. */
    public static Result run(Path runDir, List<String> targets, Device device, PrintWriter out) {
        Path conf = runDir.resolve("config.conf"), ckpt = runDir.resolve("checkpoint.safetensors");
        if (!Files.isRegularFile(conf)) throw new ConfigException("--from " + runDir + ": not a fine-tuning run folder (no config.conf)");
        if (!Files.isRegularFile(ckpt)) throw new ConfigException("--from " + runDir + ": no checkpoint.safetensors (has its fine-tuning run?)");
        Config c = Config.read(Finetuning.spec(), conf);
        Finetuning.Built built = Finetuning.build(c, device, false);
        try {
            Checkpoint.load(ckpt, built.model(), null, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ckpt, e);
        }
        List<String> refs = targets != null ? targets : split(c.s("targets"));
        Data data = new Data(Path.of(c.s("cache")), built.size(), c.l("seed"), c.i("threads"), Problems.lenient());
        Layer classifier = built.model().expressionClassifier();
        Evaluation.Row source = test(classifier, c.s("source"), data.test(c.s("source"), c.i("test_count")), c, device);
        List<Evaluation.Row> rows = new ArrayList<>();
        for (String t : refs) rows.add(test(classifier, t, data.test(t, c.i("test_count")), c, device));
        Result r = new Result(source, rows);
        write(runDir, r);
        out.print(markdown(r));
        out.flush();
        return r;
    }

    static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) if (!s.isBlank()) out.add(s.strip());
        return out;
    }

    private static Evaluation.Row test(Layer classifier, String ref, FaceDataset d, Config c, Device device) {
        return Evaluation.evaluate(classifier, Data.label(ref), d, Experiment.normalize(), c.i("batch"), device);
    }

    private static void write(Path dir, Result r) {
        List<Evaluation.Row> all = r.all();
        try {
            for (Evaluation.Row row : all) {
                ConfusionFigure.write(dir.resolve("confusion-" + row.dataset() + ".png"), dir.resolve("confusion-" + row.dataset() + ".csv"),
                        "Confusion on " + row.dataset() + " (rows true, columns predicted)", row.confusion());
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("source", json(r.source()));
            List<Object> ts = new ArrayList<>();
            for (Evaluation.Row t : r.targets()) ts.add(json(t));
            json.put("targets", ts);
            json.put("target_mean_accuracy", r.targetMean());
            AtomicFiles.writeString(dir.resolve("results.json"), JsonWriter.write(json) + "\n");
            AtomicFiles.writeString(dir.resolve("results.md"), markdown(r));
            AtomicFiles.writeString(dir.resolve("results.csv"), csv(r));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results into " + dir, e);
        }
    }

    private static Map<String, Object> json(Evaluation.Row row) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dataset", row.dataset());
        m.put("samples", row.samples());
        m.put("accuracy", row.accuracy());
        m.put("mean_recall", row.balanced());
        m.put("majority_accuracy", row.majority());
        return m;
    }

    /** role (source or target), dataset, samples, accuracy, mean recall, majority accuracy: what ./facet table reads. */
    static String csv(Result r) {
        StringBuilder sb = new StringBuilder("role,dataset,samples,accuracy,mean_recall,majority_accuracy\n");
        List<Evaluation.Row> all = r.all();
        for (int i = 0; i < all.size(); i++) {
            Evaluation.Row row = all.get(i);
            sb.append(i == 0 ? "source" : "target").append(',').append(row.dataset()).append(',').append(row.samples()).append(',')
                    .append(row.accuracy()).append(',').append(row.balanced()).append(',').append(row.majority()).append('\n');
        }
        return sb.toString();
    }

    /** One Markdown table: a row per dataset, source first, then the target average. */
    public static String markdown(Result r) {
        StringBuilder sb = new StringBuilder("| dataset | samples | accuracy | mean recall | majority class |\n|---|---:|---:|---:|---:|\n");
        List<Evaluation.Row> all = r.all();
        for (int i = 0; i < all.size(); i++) {
            Evaluation.Row row = all.get(i);
            sb.append(String.format(Locale.ROOT, "| %s%s | %d | %.1f%% | %.1f%% | %.1f%% |%n", row.dataset(), i == 0 ? " (source test)" : "",
                    row.samples(), 100 * row.accuracy(), 100 * row.balanced(), 100 * row.majority()));
        }
        sb.append(String.format(Locale.ROOT, "| **target average** | | **%.1f%%** | | |%n", 100 * r.targetMean()));
        return sb.toString();
    }
}
