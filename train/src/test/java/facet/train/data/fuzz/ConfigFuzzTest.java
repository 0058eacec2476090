package facet.train.data.fuzz;

import facet.train.run.Config;
import facet.train.run.ConfigException;
import facet.train.cli.RunKinds;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every run kind's printed defaults, damaged by seeded line drops and duplications, byte flips,
 * truncations and swapped values: parsing either succeeds or throws ConfigException whose one
 * sentence names the file (and so its line); no other exception escapes.
 */
class ConfigFuzzTest {
    static final int CASES = Integer.getInteger("fuzz.cases", 40) * 5;
    static final String[] VALUES = {"-1", "0", "1e309", "NaN", "true", "", "x", "99999999999", "0.5", "raf", "\u0000", "=", "#"};

    @Test void damagedConfigsAreRefusedInOneSentence() {
        for (String kind : RunKinds.names()) {
            String good = Config.defaults(RunKinds.spec(kind)).text();
            Random r = new Random(20261203L ^ kind.hashCode());
            for (int k = 0; k < CASES; k++) {
                String bad = mutate(good, r);
                try {
                    Config.parse(RunKinds.spec(kind), bad, "fuzz.conf");
                } catch (ConfigException e) {
                    assertTrue(e.getMessage().contains("fuzz.conf") || e.getMessage().contains("kind"),
                            kind + " case " + k + ": the message does not name the file: " + e.getMessage());
                    assertTrue(!e.getMessage().contains("\n"), kind + " case " + k + ": more than one line: " + e.getMessage());
                } catch (RuntimeException e) {
                    fail(kind + " case " + k + ": " + e + " escaped for the config:\n" + bad, e);
                }
            }
        }
    }

    private static String mutate(String text, Random r) {
        String[] lines = text.split("\n", -1);
        int i = r.nextInt(lines.length);
        return switch (r.nextInt(5)) {
            case 0 -> text.substring(0, r.nextInt(text.length() + 1));                         // truncated
            case 1 -> text + "\n" + lines[i];                                                     // a line twice
            case 2 -> {                                                                           // a value swapped
                int eq = lines[i].indexOf('=');
                if (eq >= 0) lines[i] = lines[i].substring(0, eq + 1) + " " + VALUES[r.nextInt(VALUES.length)];
                yield String.join("\n", lines);
            }
            case 3 -> {                                                                           // a byte flipped
                byte[] b = text.getBytes(StandardCharsets.UTF_8);
                b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                yield new String(b, StandardCharsets.UTF_8);
            }
            default -> {                                                                          // a key misspelt
                lines[i] = lines[i].replaceFirst("^(\\w)", "z$1");
                yield String.join("\n", lines);
            }
        };
    }
}
