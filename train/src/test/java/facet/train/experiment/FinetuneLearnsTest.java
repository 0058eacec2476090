package facet.train.experiment;

import facet.train.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16's learning check on the real pipeline, through the command line: PDED (progressive,
 * from pixels) fine-tuned briefly on synthetic raf ({@code ./facet finetune}, then
 * {@code ./facet eval}) lowers L_exp and L_dom well below their first steps and beats always
 * answering the majority class by margins only learning reaches: on raf's test split, on the
 * average of the target domains, and on every target by a smaller margin.
 *
 * <p>The bars sit well under what this run reaches and far above what a model that learns nothing
 * gets (L_exp near ln 7 = 1.95, the majority class's accuracy at best). L_dom's bar is lower than
 * L_exp's: under the default separated gradients the domain branch reads features that L_dom does
 * not shape (README: PDED), so it falls by about half, where the literal joint reading let the
 * backbone learn the blur and drove it near 0. Measured on 6 December 2026 in batches of 64 (seed 3,
 * 2 threads), mean of the last five steps over the first five: L_exp x0.38, L_dom x0.53; raf 65.7%
 * against a majority class of 32.7%; sfew the weakest target at +5.3 points. In batches of 32, as
 * the demo fine-tunes, the same images give twice the steps.
 *
 * <p>On 300 test faces a guess's accuracy has a standard deviation of about 2.7 points, on the
 * average of five targets about 1.2: 7 points over the majority on the average, and 3 on each
 * target, are out of reach of luck together. A bar of 7 points on each target was too close to
 * what this split gives: seed 3, batches of 32, measured 7 December 2026, sfew +7.3 and expw +7.7
 * points under the avx512 kernel plan, +6.0 and +6.7 under avx512-deep, whose only difference is
 * the rounding of products 257 to 1024 deep (the target average +13.7 and +12.5); seed 4, another
 * split, every target +12.7 or more.
 */
class FinetuneLearnsTest {
    /** Accuracy points over the majority class: raf's test split, the targets' average, each target. */
    static final double SOURCE_MARGIN = 0.25, TARGETS_MARGIN = 0.07, EACH_TARGET_MARGIN = 0.03;

    @Test void shortFineTuningLowersBothLossesAndBeatsTheMajorityByAMargin(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        run("finetune", "--out", dir.toString(), "--input", "image", "--variant", "progressive", "--seed", "3", "--set", "train_count=3000",
                "--set", "test_count=300", "--set", "epochs=6", "--set", "batch=32", "--set", "threads=2", "--set", "cache=" + tmp.resolve("cache"));
        String table = run("eval", "--from", dir.toString(), "--threads", "2");
        System.out.println(table);

        List<String> rows = Files.readAllLines(dir.resolve("metrics.csv"));
        List<String> head = Arrays.asList(rows.getFirst().split(","));
        int exp = head.indexOf("l_exp"), dom = head.indexOf("l_dom");
        double[] first = mean(rows.subList(1, 6), exp, dom), last = mean(rows.subList(rows.size() - 5, rows.size()), exp, dom);
        String losses = String.format(Locale.ROOT, "L_exp %.4f -> %.4f (x%.3f), L_dom %.4f -> %.4f (x%.4f), first and last five steps",
                first[0], last[0], last[0] / first[0], first[1], last[1], last[1] / first[1]);
        System.out.println(losses);
        assertTrue(last[0] < 0.5 * first[0], "L_exp did not halve: " + losses);
        assertTrue(last[1] < 0.8 * first[1], "L_dom did not fall by a fifth: " + losses);

        List<String> results = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals("role,dataset,samples,accuracy,mean_recall,majority_accuracy", results.getFirst());
        assertTrue(results.size() >= 3, "no target evaluated:\n" + table);
        double targets = 0, majorities = 0;
        int count = 0;
        for (String line : results.subList(1, results.size())) {
            String[] f = line.split(",");
            double accuracy = Double.parseDouble(f[3]), majority = Double.parseDouble(f[5]);
            boolean source = f[0].equals("source");
            double margin = source ? SOURCE_MARGIN : EACH_TARGET_MARGIN;
            assertTrue(accuracy > majority + margin, String.format(Locale.ROOT, "%s %s: accuracy %.1f%% is not %.0f points over the majority class's %.1f%%:%n%s",
                    f[0], f[1], 100 * accuracy, 100 * margin, 100 * majority, table));
            if (!source) {
                targets += accuracy;
                majorities += majority;
                count++;
            }
        }
        double mean = targets / count, meanMajority = majorities / count;
        assertTrue(mean > meanMajority + TARGETS_MARGIN, String.format(Locale.ROOT, "the targets' average accuracy %.1f%% is not %.0f points over their majority classes' %.1f%%:%n%s",
                100 * mean, 100 * TARGETS_MARGIN, 100 * meanMajority, table));
    }

    /** Runs a ./facet command in this JVM; returns what it printed, and fails with it unless it exits 0. */
    private static String run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(out, true));
        int rc = cl.execute(args);
        assertEquals(0, rc, () -> "./facet " + String.join(" ", args) + " exited " + rc + ":\n" + out);
        return out.toString();
    }

    private static double[] mean(List<String> rows, int a, int b) {
        double[] m = new double[2];
        for (String row : rows) {
            String[] f = row.split(",");
            m[0] += Double.parseDouble(f[a]) / rows.size();
            m[1] += Double.parseDouble(f[b]) / rows.size();
        }
        return m;
    }
}
