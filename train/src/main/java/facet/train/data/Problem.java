package facet.train.data;

/**
 * One piece of bad input: the file, the 1-based line (0 when the problem is not about a line)
 * and one sentence saying what is wrong. Path and reason are made {@link Text#printable} here,
 * once, so no reader can echo raw bytes from a damaged file to the terminal.
 */
public record Problem(String path, int line, String reason) {
    public Problem {
        path = Text.printable(path);
        reason = Text.printable(reason);
    }

    @Override public String toString() { return line > 0 ? path + ":" + line + ": " + reason : path + ": " + reason; }
}
