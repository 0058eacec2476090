package facet.train.run;

/** A config that cannot run: one sentence naming the file and line or flag, and the key. Thrown before any work starts. */
public final class ConfigException extends IllegalArgumentException {
    public ConfigException(String message) { super(message); }
}
