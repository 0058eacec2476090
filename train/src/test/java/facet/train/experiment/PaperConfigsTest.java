package facet.train.experiment;

import facet.tensor.Device;
import facet.train.run.Config;
import facet.train.run.RunDir;
import facet.train.cli.RunKinds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every config in configs/paper/ parses as its kind, and runs: the same file with only the data
 * (synthetic stand-ins), the sizes and the epochs shrunk, and nothing else changed, pre-trains,
 * fine-tunes from that pre-training and evaluates, one short run each. The paper's structural
 * choices (ImageNet stem, width 1.0, upsampling, the variant, multi-source) are kept.
 */
class PaperConfigsTest {
    static final Path PAPER = Path.of("..", "configs", "paper");

    @Test void everyPaperConfigParsesAndRunsShrunk(@TempDir Path tmp) throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(PAPER)) {
            files = s.filter(p -> p.toString().endsWith(".conf")).sorted().toList();
        }
        assertTrue(files.size() >= 4, "expected the paper's pretrain and finetune configs in " + PAPER.toAbsolutePath() + ", found " + files);
        StringWriter log = new StringWriter();
        PrintWriter out = new PrintWriter(log);
        Path pretrained = null;
        List<Path> finetunes = new ArrayList<>();
        for (Path f : files.stream().sorted((a, b) -> Boolean.compare(kind(a).equals("finetune"), kind(b).equals("finetune"))).toList()) {
            Config c = Config.read(RunKinds.spec(kind(f)), f);
            if (kind(f).equals("pretrain")) {
                Config tiny = c.with(List.of("phase1_data=celebamask", "phase2_data=faces", "train_count=16", "heldout_count=8", "image_size=32",
                        "patch=8", "dim=32", "depth=1", "heads=2", "decoder_dim=16", "decoder_depth=1", "decoder_heads=2", "init=",
                        "probe_data=raf", "probe_train_count=32", "probe_test_count=16",
                        "epochs=1", "phase2_epochs=1", "batch=8", "threads=2", "cache=" + tmp.resolve("cache")));
                Path dir = tmp.resolve(f.getFileName().toString().replace(".conf", ""));
                try (RunDir run = RunDir.create(dir, tiny, false, out)) {
                    Pretraining.run(run, Device.CPU);
                }
                assertTrue(Files.exists(dir.resolve(Pretraining.WEIGHTS)), f + ": no encoder weights after the shrunk run\n" + log);
                for (String key : List.of(Pretraining.PROBE_ACCURACY, Pretraining.RANDOM_PROBE_ACCURACY)) {
                    double v = RunHealth.summaryNumber(dir, key);
                    assertTrue(v >= 0 && v <= 1, f + ": summary.json's " + key + " is " + v + ", not a fraction");
                }
                if (c.s("masking").equals("expression")) pretrained = dir;
            } else {
                assertTrue(pretrained != null, "no ESGM pre-training config to fine-tune from");
                List<String> set = new ArrayList<>(List.of("source=raf", "targets=sfew,jaffe", "train_count=16", "test_count=8", "from=" + pretrained,
                        "epochs=1", "batch=8", "threads=2", "cache=" + tmp.resolve("cache")));
                if (!c.s("source2").isEmpty()) set.add("source2=affectnet");
                Path dir = tmp.resolve(f.getFileName().toString().replace(".conf", ""));
                try (RunDir run = RunDir.create(dir, c.with(set), false, out)) {
                    Finetuning.run(run, Device.CPU);
                }
                Evaluating.Result r = Evaluating.run(dir, null, Device.CPU, out);
                assertEquals(2, r.targets().size(), f + ": " + r);
                finetunes.add(dir);
            }
        }
        assertTrue(finetunes.size() >= 2, "expected fine-tuning configs beside the pre-training ones: " + files);
    }

    private static String kind(Path f) {
        try {
            for (String line : Files.readAllLines(f)) if (line.startsWith("kind")) return line.substring(line.indexOf('=') + 1).strip();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError(f + " has no 'kind = ...' line");
    }
}
