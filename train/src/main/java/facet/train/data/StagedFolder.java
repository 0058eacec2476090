package facet.train.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A folder (a dataset, a run) written whole or not at all. Writers fill a fresh hidden folder
 * beside the target; {@link #commit} swaps it in with renames, so the target holds the old
 * content or the new, never a mix, and a failed or killed write leaves the old one as it was.
 * A target that already holds something is refused, naming it, unless overwrite is given.
 *
 * <pre>
 * try (StagedFolder out = StagedFolder.open(dir, overwrite, "--out")) {
 *     write(out.path());
 *     out.commit();
 * }                                  // not committed: the staging folder is deleted
 * </pre>
 */
public final class StagedFolder implements AutoCloseable {
    private final Path target, staging;
    private boolean committed;

    private StagedFolder(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /**
     * Checks that target may be written (absent, an empty folder, or with overwrite a folder
     * holding something) and creates its staging folder. {@code option} names where the path
     * came from in messages ("--out").
     */
    public static StagedFolder open(Path target, boolean overwrite, String option) throws IOException {
        Path t = check(target, overwrite, option);
        Files.createDirectories(t.getParent());
        return new StagedFolder(t, Files.createTempDirectory(t.getParent(), "." + t.getFileName() + ".staging-"));
    }

    /** The checks of {@link #open} alone, for a command to run before it starts work; returns the absolute target. */
    public static Path check(Path target, boolean overwrite, String option) {
        Path t = target.toAbsolutePath().normalize();
        if (t.getParent() == null) throw new BadInputException(t.toString(), 0, option + " cannot be the root folder");
        if (Files.exists(t) && !Files.isDirectory(t)) {
            throw new BadInputException(t.toString(), 0, option + " is a file, not a folder; name a new or empty folder");
        }
        if (!overwrite && holdsSomething(t)) {
            throw new BadInputException(t.toString(), 0, option + " already holds files; pass --overwrite to replace them all, or name a new folder");
        }
        return t;
    }

    /**
     * The same rule for one file (a figure, a report), which is then written whole with
     * {@code AtomicFiles}: refused when it is a folder, or exists and overwrite is not given.
     */
    public static Path checkFile(Path target, boolean overwrite, String option) {
        Path t = target.toAbsolutePath().normalize();
        if (Files.isDirectory(t)) throw new BadInputException(t.toString(), 0, option + " is a folder; name a file");
        if (!overwrite && Files.exists(t)) {
            throw new BadInputException(t.toString(), 0, option + " already exists; pass --overwrite to replace it, or name a new file");
        }
        return t;
    }

    /** Where to write: a hidden folder beside the target, renamed onto it by {@link #commit}. */
    public Path path() { return staging; }

    /** Replaces the target with what was written (the old content, if any, is deleted after the swap). */
    public void commit() throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + Long.toHexString(System.nanoTime()));
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (old != null) Files.move(old, target, StandardCopyOption.ATOMIC_MOVE); // put the old content back
            throw e;
        }
        committed = true;
        if (old != null) deleteTree(old);
    }

    /** Deletes the staging folder unless committed. */
    @Override public void close() throws IOException {
        if (!committed) deleteTree(staging);
    }

    private static boolean holdsSomething(Path dir) {
        if (!Files.isDirectory(dir)) return false;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            return s.iterator().hasNext();
        } catch (IOException e) {
            throw new BadInputException(dir.toString(), 0, "cannot list the folder (" + e.getMessage() + ")");
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                Files.delete(f);
                return FileVisitResult.CONTINUE;
            }

            @Override public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null) throw e;
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
