package facet.train.run;

import facet.nn.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A CSV file of rows keyed by step (metrics.csv, eval.csv): the header comes from the first row,
 * each row is appended and flushed as it is written. Reopening for a resumed run keeps the header
 * and the rows up to the checkpoint's step and drops the rest (written after the checkpoint by the
 * run that died, or cut short by the kill), rewriting the file atomically, so the finished file
 * equals an uninterrupted run's.
 */
final class CsvLog implements AutoCloseable {
    private final Path file;
    private List<String> columns;
    private Writer out;

    private CsvLog(Path file, List<String> columns) {
        this.file = file;
        this.columns = columns;
    }

    /** A new file (an old one is replaced when the first row is written). */
    static CsvLog create(Path file) { return new CsvLog(file, null); }

    /** An existing file cut back to its rows with step <= lastStep (first column); a missing file starts fresh. */
    static CsvLog reopen(Path file, long lastStep) throws IOException {
        if (!Files.exists(file)) return create(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) return create(file);
        List<String> kept = new ArrayList<>(List.of(lines.getFirst()));
        List<String> header = List.of(lines.getFirst().split(",", -1));
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            if (cells.length != header.size()) break;             // a row the kill cut short: the end of the good part
            try {
                if (Long.parseLong(cells[0]) > lastStep) break;
            } catch (NumberFormatException e) {
                break;
            }
            kept.add(line);
        }
        AtomicFiles.writeString(file, String.join("\n", kept) + "\n");
        CsvLog log = new CsvLog(file, header);
        log.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        return log;
    }

    /** Appends one row: the columns in order; the first row fixes them. */
    void row(List<String> names, List<String> cells) {
        try {
            if (columns == null) {
                columns = List.copyOf(names);
                out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                out.write(String.join(",", columns) + "\n");
            } else if (!columns.equals(names)) {
                throw new IllegalStateException(file + ": a row with columns " + names + " after the header " + columns);
            }
            out.write(String.join(",", cells) + "\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    @Override public void close() throws IOException { if (out != null) out.close(); }
}
