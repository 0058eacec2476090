package facet.train.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's resolved config: every key of its kind's {@link ConfigSpec} with a typed value.
 *
 * <p>The format, one file per run kind ({@code ./facet config --print KIND} writes every default):
 * <pre>
 * # comment lines and blank lines are ignored
 * kind = calibrate        # names the ConfigSpec; must come first when present
 * epochs = 12             # key = value, one per line; a trailing "# ..." is a comment
 * source = raf
 * </pre>
 * Keys left out keep their defaults; a key given twice, an unknown key, a value of the wrong type
 * or outside its rule is refused with one sentence naming the file, line and key. Flags override
 * single values ({@code --set epochs=3}) with the same checks.
 */
public final class Config {
    private final ConfigSpec spec;
    private final Map<String, Object> values;

    private Config(ConfigSpec spec, Map<String, Object> values) {
        this.spec = spec;
        this.values = values;
    }

    public static Config defaults(ConfigSpec spec) {
        Map<String, Object> v = new LinkedHashMap<>();
        spec.keys().forEach((k, key) -> v.put(k, key.defaultValue()));
        return new Config(spec, v);
    }

    public ConfigSpec spec() { return spec; }

    /** The defaults overridden by text (a file's content); name is what errors call it. */
    public static Config parse(ConfigSpec spec, String text, String name) {
        Config c = defaults(spec);
        Map<String, Integer> seenAt = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = stripComment(lines[i]).strip();
            if (line.isEmpty()) continue;
            String where = name + " line " + (i + 1);
            int eq = line.indexOf('=');
            if (eq < 0) throw new ConfigException(where + ": expected 'key = value', got '" + line + "'");
            String key = line.substring(0, eq).strip(), value = line.substring(eq + 1);
            if (key.equals("kind")) {
                if (!value.strip().equals(spec.kind())) throw new ConfigException(where + ": key 'kind' is '" + value.strip() + "' but this is a " + spec.kind() + " config");
                continue;
            }
            Integer before = seenAt.put(key, i + 1);
            if (before != null) throw new ConfigException(where + ": key '" + key + "' is already set on line " + before);
            c.set(key, value, where);
        }
        return c;
    }

    public static Config read(ConfigSpec spec, Path file) {
        try {
            return parse(spec, Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("config file " + file + " cannot be read: " + e.getMessage());
        }
    }

    /** A copy with "key=value" overrides applied in order (from --set flags). */
    public Config with(List<String> assignments) {
        Config c = new Config(spec, new LinkedHashMap<>(values));
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq < 0) throw new ConfigException("--set " + a + ": expected KEY=VALUE");
            c.set(a.substring(0, eq).strip(), a.substring(eq + 1), "--set " + a);
        }
        return c;
    }

    /**
     * A copy with one key set to a typed value (a dedicated flag's Double, Long or String, an enum
     * constant for a choice), checked as a file's value is, with no trip through text; where names
     * the flag in the sentence that refuses it.
     */
    public Config with(String key, Object value, String where) {
        Config c = new Config(spec, new LinkedHashMap<>(values));
        c.values.put(key, key(key, where).accept(value, where));
        return c;
    }

    /** The same, for a value a program sets (a study's recipe): a refusal names the config's kind. */
    public Config with(String key, Object value) { return with(key, value, spec.kind() + " config"); }

    private void set(String key, String text, String where) { values.put(key, key(key, where).parse(text, where)); }

    private ConfigKey key(String key, String where) {
        ConfigKey k = spec.keys().get(key);
        if (k == null) {
            String near = spec.nearest(key);
            throw new ConfigException(where + ": unknown key '" + key + "' for a " + spec.kind() + " config"
                    + (near != null ? " (did you mean '" + near + "'?)" : " (./facet config --print " + spec.kind() + " lists the keys)"));
        }
        return k;
    }

    private static String stripComment(String line) {
        int h = line.indexOf('#');
        return h < 0 ? line : line.substring(0, h);
    }

    // ---- typed reads (a wrong name or type here is a programming error, not bad input) ------

    public int i(String key) { return (Integer) get(key); }

    public long l(String key) { return (Long) get(key); }

    public double d(String key) { return (Double) get(key); }

    public boolean b(String key) { return (Boolean) get(key); }

    public String s(String key) { return (String) get(key); }

    /** A choice key built from type ({@link ConfigKey#choice(String, Enum, String)}) as its constant. */
    public <E extends Enum<E>> E choice(String key, Class<E> type) { return ConfigKey.constant(type, s(key)); }

    private Object get(String key) {
        Object v = values.get(key);
        if (v == null) throw new IllegalStateException("config " + spec.kind() + " has no key '" + key + "'");
        return v;
    }

    /** The whole config in the file format, every key with its description: what --print and run folders write. */
    public String text() {
        StringBuilder sb = new StringBuilder("# " + spec.kind() + ": " + spec.description() + "\n");
        sb.append("# format: key = value; '#' starts a comment; keys left out keep these defaults\n");
        sb.append("kind = ").append(spec.kind()).append('\n');
        spec.keys().forEach((name, k) -> {
            String section = spec.sectionBefore(name);
            if (section != null) sb.append("\n# ---- ").append(section).append('\n');
            sb.append("# ").append(k.doc()).append(k.ruleText().isEmpty() ? "" : " (" + k.ruleText() + ")").append('\n');
            sb.append(name).append(" = ").append(ConfigKey.format(values.get(name))).append('\n');
        });
        return sb.toString();
    }

    @Override public boolean equals(Object o) { return o instanceof Config c && c.spec.kind().equals(spec.kind()) && c.values.equals(values); }

    @Override public int hashCode() { return values.hashCode(); }
}
