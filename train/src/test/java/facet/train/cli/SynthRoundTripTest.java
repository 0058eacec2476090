package facet.train.cli;

import facet.train.data.Expression;
import facet.train.data.ImageCodec;
import facet.train.data.ParsingMap;
import facet.train.data.Problems;
import facet.train.data.formats.Format;
import facet.train.data.synth.Domain;
import facet.train.data.synth.SyntheticFaces;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** Every domain, written in every layout that mirrors it by `facet synth`, reads back through `facet data check`. */
class SynthRoundTripTest {
    static final int COUNT = 30;
    static final long SEED = 5;

    @TempDir Path tmp;

    static String[] run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    /** The JSON data check must print for what the generator made: its labels per split, no problems. */
    static String expectedJson(Domain d, String format) {
        StringBuilder sb = new StringBuilder("{\"format\": \"" + format + "\", \"splits\": {");
        for (int s = 0; s < d.splits().size(); s++) {
            String split = d.splits().get(s);
            int[] c = new SyntheticFaces(d, split, d.splitSize(split, COUNT), SEED).classCounts();
            sb.append(s > 0 ? ", " : "").append('"').append(split).append("\": {");
            for (int k = 0; k < Expression.COUNT; k++) sb.append(k > 0 ? ", " : "").append('"').append(Expression.of(k).title).append("\": ").append(c[k]);
            if (c[Expression.COUNT] > 0) sb.append(", \"unlabelled\": ").append(c[Expression.COUNT]);
            sb.append('}');
        }
        return sb.append("}, \"problems\": []}\n").toString();
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"raf, rafdb, rafdb", "affectnet, affectnet, affectnet", "affectnet, affectnet-npy, affectnet", "sfew, sfew, sfew",
            "fer2013, fer2013, fer2013", "fer2013, ferplus, ferplus", "fer2013, ferplus-folders, ferplus", "expw, expw, expw",
            "jaffe, jaffe, jaffe", "celebamask, celebamask-hq, celebamask-hq", "faces, faces, faces"})
    void synthThenDataCheckGivesBackTheGeneratorsCounts(String domain, String layout, String format) {
        Path out = tmp.resolve(layout);
        String[] synth = run("synth", "--domain", domain, "--count", Integer.toString(COUNT), "--seed", Long.toString(SEED),
                "--out", out.toString(), "--format", layout, "--threads", "2");
        assertEquals("0", synth[0], synth[2]);
        String[] check = run("data", "check", "--format", format, out.toString(), "--json", "--strict");
        assertEquals("0", check[0], check[2]);
        assertEquals(expectedJson(Domain.byName(domain), format), check[1]);
    }

    @Test
    void exportedPixelsAndParsingMapsAreTheGeneratorsOwn() throws Exception {
        Path raf = tmp.resolve("raf"), celeb = tmp.resolve("celeb");
        assertEquals("0", run("synth", "--domain", "raf", "--count", "10", "--seed", "9", "--out", raf.toString())[0]);
        var disk = ImageCodec.read(raf.resolve("basic/Image/aligned/train_00001_aligned.jpg"));
        var made = new SyntheticFaces(Domain.RAF, "train", 8, 9).get(0).image();
        double diff = 0;
        for (int i = 0; i < made.data.length; i++) diff += Math.abs(made.data[i] - disk.data[i]);
        assertTrue(diff / made.data.length < 0.02, "mean |difference| after JPEG " + diff / made.data.length);

        assertEquals("0", run("synth", "--domain", "celebamask", "--count", "3", "--seed", "9", "--out", celeb.toString())[0]);
        var read = Format.CELEBAMASK_HQ.read(celeb, Problems.strict()).dataset("all").get(2).parsing();
        ParsingMap truth = new SyntheticFaces(Domain.CELEBAMASK, "all", 3, 9).get(2).parsing();
        int same = 0;
        for (int i = 0; i < truth.ids.length; i++) if (truth.ids[i] == read.ids[i]) same++;
        assertTrue(same > 0.93 * truth.ids.length, "the half-size masks merged back agree on " + same + " of " + truth.ids.length + " pixels");
    }

    @Test
    void dataCheckExitsNonZeroWhenTheFolderIsNotTheFormatClaimed() {
        String[] r = run("data", "check", "--format", "rafdb", tmp.toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("list_patition_label.txt"), r[2]);
        assertEquals("2", run("data", "check", "--format", "nosuch", tmp.toString())[0], "an unknown format is a usage error");
        assertEquals("2", run("synth", "--domain", "faces", "--count", "3", "--out", tmp.toString(), "--format", "rafdb")[0],
                "an unlabelled domain in a labelled layout");
    }
}
