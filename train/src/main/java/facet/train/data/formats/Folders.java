package facet.train.data.formats;

import facet.train.data.BadInputException;
import facet.train.data.ImageCodec;
import facet.train.data.Problems;
import facet.train.data.Text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
            throw new BadInputException(dir.toString(), 0, "cannot list the folder (" + e.getMessage() + ")");
        }
    }

    /** Every image file below dir, in sorted path order. */
    static List<Path> imagesBelow(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(ImageCodec::isImage).sorted().toList();
        } catch (IOException e) {
            throw new BadInputException(dir.toString(), 0, "cannot walk the folder (" + e.getMessage() + ")");
        }
    }

    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    /**
     * The lines of a label or list file as UTF-8, 1-based line i at index i - 1. Damage is
     * reported, not guessed around: a byte-order mark (then read past), and lines holding
     * undecodable bytes or control characters, which come back blank so that readers skip them
     * and the line numbers of the rest stay right.
     */
    static List<String> readLines(Path p, Problems problems) {
        byte[] b;
        try {
            b = Files.readAllBytes(p);
        } catch (IOException e) {
            throw new BadInputException(p.toString(), 0, "cannot read the file (" + e.getMessage() + ")");
        }
        int from = 0;
        if (b.length >= 3 && b[0] == BOM[0] && b[1] == BOM[1] && b[2] == BOM[2]) {
            problems.report(p, 1, "the file starts with a UTF-8 byte-order mark (bytes EF BB BF), read past it");
            from = 3;
        }
        List<String> lines = new ArrayList<>(new String(b, from, b.length - from, StandardCharsets.UTF_8).lines().toList());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String what = line.indexOf('\uFFFD') >= 0 ? "is not valid UTF-8" : Text.hasControl(line) ? "holds control characters" : null;
            if (what == null) continue;
            problems.report(p, i + 1, "the line " + what + ": " + Text.quote(line));
            lines.set(i, "");
        }
        return lines;
    }

    /** Keys already met in one file, so that a repeated entry is reported at its second line. */
    static final class Seen {
        private final Map<String, Integer> first = new HashMap<>();

        /** True the first time key is met; after that reports the repeat (what: "image 'x'") and returns false. */
        boolean first(String key, Path file, int line, Problems problems, String what) {
            Integer before = first.putIfAbsent(key, line);
            if (before == null) return true;
            problems.report(file, line, what + " is listed again (first on line " + before + "); the repeat is skipped");
            return false;
        }
    }

    /**
     * dir/rel when that names a path inside dir, else null: a label file may not point outside
     * its dataset ("../../x") or hold a name the file system refuses (a NUL byte).
     */
    static Path safeChild(Path dir, String rel) {
        try {
            Path base = dir.normalize(), p = base.resolve(rel).normalize();
            return p.startsWith(base) && !p.equals(base) ? p : null;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** File name without its last extension. */
    static String stem(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
