package facet.train.run;

import facet.train.calibrate.CalibrationConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Run folders: what a new run writes, refusing an old run without --overwrite, replacing it whole with it, resuming its config. */
class RunDirTest {
    @TempDir Path tmp;
    private final PrintWriter console = new PrintWriter(new StringWriter());

    @Test void aRunFolderHoldsConfigSeedAndVersionAndRefusesASecondRun() throws Exception {
        Path dir = tmp.resolve("r");
        Config c = Config.defaults(CalibrationConfig.spec()).with(List.of("seed=7", "epochs=2"));
        RunDir.create(dir, c, false, console).close();
        assertEquals(c, Config.read(CalibrationConfig.spec(), dir.resolve("config.conf")));
        String run = Files.readString(dir.resolve("run.json"));
        assertTrue(run.contains("\"seed\": 7") && run.contains("\"kind\": \"calibrate\"") && run.contains("\"code_version\": \""), run);
        assertTrue(Files.exists(dir.resolve("log.txt")));

        String refused = assertThrows(ConfigException.class, () -> RunDir.create(dir, c, false, console)).getMessage();
        assertEquals("run folder " + dir + " already holds a run; pass --resume " + dir + " to continue it or --overwrite to replace it", refused);

        Files.writeString(dir.resolve("metrics.csv"), "old");
        RunDir.create(dir, c.with("epochs", "5", "--epochs"), true, console).close();
        assertFalse(Files.exists(dir.resolve("metrics.csv")), "--overwrite replaces the old content whole");
        RunDir resumed = RunDir.resume(dir, CalibrationConfig.spec(), console);
        assertEquals(5, resumed.config().i("epochs"), "resume reads the folder's own config");
        assertTrue(resumed.resumed());
    }

    @Test void aFolderOfOtherFilesIsNeverDeleted() throws Exception {
        Path dir = tmp.resolve("photos");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("holiday.jpg"), "x");
        String msg = assertThrows(ConfigException.class, () -> RunDir.create(dir, Config.defaults(CalibrationConfig.spec()), true, console)).getMessage();
        assertTrue(msg.contains("holds files but no run.json"), msg);
        assertTrue(Files.exists(dir.resolve("holiday.jpg")));
        assertTrue(assertThrows(ConfigException.class, () -> RunDir.resume(tmp.resolve("nothing"), CalibrationConfig.spec(), console))
                .getMessage().contains("not a run folder"));
    }
}
