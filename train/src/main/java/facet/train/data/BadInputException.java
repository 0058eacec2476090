package facet.train.data;

/** Bad input that a reader or decoder cannot use: a corrupt image, a malformed line, a mask of the wrong size. */
public final class BadInputException extends RuntimeException {
    private final transient Problem problem;

    public BadInputException(Problem problem) {
        super(problem.toString());
        this.problem = problem;
    }

    public BadInputException(String path, int line, String reason) { this(new Problem(path, line, reason)); }

    public Problem problem() { return problem; }
}
