package facet.train.data.formats;

import facet.train.data.ImageCodec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** File-system helpers the readers share. */
final class Folders {
    private Folders() {}

    /** The child of dir named name, ignoring case, or null. */
    static Path child(Path dir, String name) {
        Path exact = dir.resolve(name);
        if (Files.exists(exact)) return exact;
        if (!Files.isDirectory(dir)) return null;
        for (Path p : list(dir)) if (p.getFileName().toString().equalsIgnoreCase(name)) return p;
        return null;
    }

    /** The entries of a directory, sorted by name (so indexes do not depend on the file system's order). */
    static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Every image file below dir, in sorted path order. */
    static List<Path> imagesBelow(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(ImageCodec::isImage).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot walk " + dir, e);
        }
    }

    /** The lines of a text file as UTF-8; undecodable bytes become U+FFFD instead of failing the read. */
    static List<String> readLines(Path p) {
        try {
            return new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p, e);
        }
    }

    /** File name without its last extension. */
    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
