package facet.train.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** Writers never destroy: a folder that holds files is refused unless overwrite, and then replaced whole or not at all. */
class StagedFolderTest {
    @TempDir Path tmp;

    private Path oldDataset() throws IOException {
        Path t = tmp.resolve("raf");
        Files.createDirectories(t.resolve("basic"));
        Files.writeString(t.resolve("basic/labels.txt"), "old\n");
        Files.writeString(t.resolve("orphan.jpg"), "old image\n");
        return t;
    }

    private List<String> siblings() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void refusesAFolderThatHoldsFilesAndNamesIt() throws IOException {
        Path t = oldDataset();
        BadInputException e = assertThrows(BadInputException.class, () -> StagedFolder.open(t, false, "--out"));
        assertEquals(t.toAbsolutePath().toString(), e.problem().path());
        assertTrue(e.getMessage().contains("--overwrite"), e.getMessage());
        assertEquals("old\n", Files.readString(t.resolve("basic/labels.txt")));
        assertEquals(List.of("raf"), siblings(), "nothing was created beside it");
    }

    @Test
    void overwriteReplacesTheWholeFolder() throws IOException {
        Path t = oldDataset();
        try (StagedFolder out = StagedFolder.open(t, true, "--out")) {
            Files.createDirectories(out.path().resolve("basic"));
            Files.writeString(out.path().resolve("basic/labels.txt"), "new\n");
            assertEquals("old\n", Files.readString(t.resolve("basic/labels.txt")), "the old content stays until commit");
            out.commit();
        }
        assertEquals("new\n", Files.readString(t.resolve("basic/labels.txt")));
        assertFalse(Files.exists(t.resolve("orphan.jpg")), "old files are not mixed with the new");
        assertEquals(List.of("raf"), siblings(), "no staging or old folder is left behind");
    }

    @Test
    void aFailedWriteLeavesTheOldFolderAsItWas() throws IOException {
        Path t = oldDataset();
        assertThrows(IllegalStateException.class, () -> {
            try (StagedFolder out = StagedFolder.open(t, true, "--out")) {
                Files.writeString(out.path().resolve("half.txt"), "half\n");
                throw new IllegalStateException("the renderer died");
            }
        });
        assertEquals("old\n", Files.readString(t.resolve("basic/labels.txt")));
        assertTrue(Files.exists(t.resolve("orphan.jpg")));
        assertEquals(List.of("raf"), siblings());
    }

    @Test
    void aFileIsNeverTakenForAFolderAndAFigureIsNotReplacedSilently() throws IOException {
        Path file = Files.writeString(tmp.resolve("afile"), "x");
        assertThrows(BadInputException.class, () -> StagedFolder.open(file, true, "--out"));
        assertThrows(BadInputException.class, () -> StagedFolder.checkFile(file, false, "--sheet"));
        assertEquals(file.toAbsolutePath(), StagedFolder.checkFile(file, true, "--sheet"));
        assertThrows(BadInputException.class, () -> StagedFolder.checkFile(tmp, true, "--sheet"));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        try (StagedFolder out = StagedFolder.open(empty, false, "--out")) { // an empty folder needs no --overwrite
            Files.writeString(out.path().resolve("a.txt"), "a");
            out.commit();
        }
        assertEquals("a", Files.readString(empty.resolve("a.txt")));
    }
}
