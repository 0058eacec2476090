package facet.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The train module's packages form layers, and code only reaches down: data (datasets, loaders)
 * and report (figures, tables) at the bottom, run (the generic loop, configs, run folders) above
 * them, the experiments and the calibration above that, and cli, which knows every command and
 * run kind, at the top. A generic layer importing its users is the smell this test catches: it
 * reads every source file's imports and names each file and import that reaches up.
 */
class LayeringTest {
    /** Each package's layer; a file may use its own layer and the ones below. */
    static final Map<String, Integer> LAYER = Map.of("data", 0, "report", 1, "run", 2, "experiment", 3, "calibrate", 4, "cli", 5);

    private static final Pattern USE = Pattern.compile("\\bfacet\\.train\\.([a-z]+)\\.");

    @Test void noPackageOfTrainImportsALayerAboveIt() throws IOException {
        Path root = Path.of("src/main/java/facet/train");
        assertTrue(Files.isDirectory(root), "run from the train module's folder: no " + root.toAbsolutePath());
        List<String> upward = upward(root);
        assertEquals(List.of(), upward, "imports that reach up a layer (" + LAYER + "):\n" + String.join("\n", upward));
        try (Stream<Path> dirs = Files.list(root)) {
            List<String> unknown = dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()).filter(p -> !LAYER.containsKey(p)).toList();
            assertEquals(List.of(), unknown, "packages with no layer: give each a place in LAYER");
        }
    }

    @Test void theCheckCatchesAnUpwardImportAndAnInlineName(@TempDir Path tmp) throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run")), cli = Files.createDirectories(tmp.resolve("cli"));
        Files.writeString(run.resolve("Loop.java"), "package facet.train.run;\n\nimport facet.train.data.Batch;\nimport facet.train.experiment.Demo;\n"
                + "class Loop { Object k = facet.train.cli.Main.class; }\n");
        Files.writeString(cli.resolve("Main.java"), "package facet.train.cli;\n\nimport facet.train.run.Loop;\nclass Main {}\n");
        assertEquals(List.of("run/Loop.java:4 uses facet.train.experiment (layer 3 > run's 2)",
                "run/Loop.java:5 uses facet.train.cli (layer 5 > run's 2)"), upward(tmp));
    }

    /** Each line under root that names a train package above its file's package: "pkg/File.java:line uses facet.train.x (...)". */
    static List<String> upward(Path root) throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(root)) {
            files = s.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
        for (Path f : files) {
            String pkg = root.relativize(f).getName(0).toString();
            Integer mine = LAYER.get(pkg);
            if (mine == null) continue;
            List<String> lines = Files.readAllLines(f);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.startsWith("package ") || line.startsWith("*") || line.startsWith("//") || line.startsWith("/*")) continue;
                Matcher m = USE.matcher(line);
                while (m.find()) {
                    Integer theirs = LAYER.get(m.group(1));
                    if (theirs != null && theirs > mine) {
                        found.add(root.relativize(f) + ":" + (i + 1) + " uses facet.train." + m.group(1) + " (layer " + theirs + " > " + pkg + "'s " + mine + ")");
                    }
                }
            }
        }
        return found;
    }
}
