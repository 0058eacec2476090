package facet.train.data;

/**
 * One piece of bad input: the file, the 1-based line (0 when the problem is not about a line)
 * and one sentence saying what is wrong.
 */
public record Problem(String path, int line, String reason) {
    @Override public String toString() { return line > 0 ? path + ":" + line + ": " + reason : path + ": " + reason; }
}
