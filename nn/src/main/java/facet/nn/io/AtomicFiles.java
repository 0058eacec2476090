package facet.nn.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Whole-file writes that a crash cannot leave half done: the bytes go to a temporary file in the
 * target's folder (same file system, so the rename is atomic), are forced to disk, and the
 * temporary file is renamed over the target. A reader sees the old file or the new one, never a
 * mix; a failed write leaves the old file and no temporary behind.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** What writes the new content; the stream is closed by {@link #write(Path, Body)}. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = Channels.newOutputStream(ch)) {
                body.writeTo(out);
                out.flush();
                ch.force(true);
            }
            readableByAll(tmp);
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A temporary file is created owner-only (0600); the finished file gets the usual rw-r--r--, as a plain write would. */
    private static void readableByAll(Path p) throws IOException {
        if (p.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    public static void write(Path target, byte[] bytes) throws IOException { write(target, out -> out.write(bytes)); }

    /** UTF-8 text. */
    public static void writeString(Path target, String text) throws IOException { write(target, text.getBytes(StandardCharsets.UTF_8)); }
}
