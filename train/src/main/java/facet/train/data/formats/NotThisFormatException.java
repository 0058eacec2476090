package facet.train.data.formats;

/** The folder lacks what the claimed format requires (its label file, its split folders...). */
public final class NotThisFormatException extends RuntimeException {
    public NotThisFormatException(String message) { super(message); }
}
