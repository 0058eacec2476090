package facet.train.cli;

import facet.train.data.StagedFolder;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code --overwrite} for a command that writes a dataset, a run folder or a figure: add
 * {@code @Mixin OutputOptions output;} and write through {@link #folder} or {@link #file}.
 * Without the flag a place that already holds something is refused, naming it (exit 1).
 */
public final class OutputOptions {
    @Option(names = "--overwrite", description = "replace what is already at the output path, whole (old and new are never mixed)")
    boolean overwrite;

    /** A staged folder for option's path (see {@link StagedFolder}): write into path(), then commit(). */
    public StagedFolder folder(Path p, String option) throws IOException { return StagedFolder.open(p, overwrite, option); }

    /** Checks a file output before work starts; write it with AtomicFiles (temp file + rename). */
    public Path file(Path p, String option) { return StagedFolder.checkFile(p, overwrite, option); }

    /** Checks a folder output before work starts, without creating anything. */
    public Path checkFolder(Path p, String option) { return StagedFolder.check(p, overwrite, option); }

    public boolean overwrite() { return overwrite; }
}
