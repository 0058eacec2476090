package facet.train.run;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Typed values: a flag's Double or Long, or an enum constant for a choice, set a config key with
 * the checks and the sentences that text gets, with no trip through text; a choice built from an
 * enum is spelt once, by the enum, and reads back as its constant.
 */
class TypedConfigTest {
    enum Shape { ROUND, SQUARE_ISH }

    private final ConfigSpec spec = ConfigSpec.of("toy", "a toy kind")
            .key(ConfigKey.real("ratio", 0.5, 0, 0.99, "a fraction"))
            .key(ConfigKey.longKey("seed", 1, "a seed"))
            .key(ConfigKey.integer("count", 3, 1, "a count"))
            .key(ConfigKey.string("name", "x", "a name"))
            .key(ConfigKey.choice("shape", Shape.ROUND, "a shape"));

    private String refused(Object value, String key) {
        return assertThrows(ConfigException.class, () -> Config.defaults(spec).with(key, value, "--flag")).getMessage();
    }

    private String refusedText(String key, String text) {
        return assertThrows(ConfigException.class, () -> Config.defaults(spec).with(List.of(key + "=" + text))).getMessage().replace("--set " + key + "=" + text, "--flag");
    }

    @Test void aTypedValueIsTheValueTextWouldGive() {
        Config d = Config.defaults(spec);
        for (double r : new double[] {0.1, 0.25, 1.0 / 3, 0.7 + 0.2, Math.nextDown(0.99), 0}) {
            assertEquals(d.with(List.of("ratio=" + r)), d.with("ratio", r, "--flag"), "ratio " + r);
            assertEquals(Double.doubleToRawLongBits(r), Double.doubleToRawLongBits(d.with("ratio", r, "--flag").d("ratio")));
        }
        assertEquals(d.with(List.of("seed=123456789012")), d.with("seed", 123456789012L, "--flag"));
        assertEquals(d.with(List.of("count=7")), d.with("count", 7, "--flag"));
        assertEquals(d.with(List.of("name=abc")), d.with("name", " abc ", "--flag"), "strings are stripped as a file's are");
        assertEquals(7L, d.with("seed", 7).l("seed"), "an int widens to a long key");
    }

    @Test void aTypedValueIsRefusedWithTheSentenceItsTextGets() {
        assertEquals("--flag: key 'ratio' must be in [0, 0.99], got '1.5'", refused(1.5, "ratio"));
        assertEquals(refusedText("ratio", "1.5"), refused(1.5, "ratio"));
        assertEquals(refusedText("ratio", "-0.25"), refused(-0.25, "ratio"));
        assertEquals("--flag: key 'ratio' wants a finite number, got 'nan'", refused(Double.NaN, "ratio"));
        assertEquals(refusedText("ratio", "nan"), refused(Double.NaN, "ratio"));
        assertEquals(refusedText("ratio", "infinity"), refused(Double.POSITIVE_INFINITY, "ratio"));
        assertEquals(refusedText("count", "0"), refused(0, "count"));
        assertEquals(refusedText("shape", "oval"), refused("oval", "shape"));
        assertEquals("--flag: unknown key 'ration' for a toy config (did you mean 'ratio'?)", refused(0.5, "ration"));
        assertEquals("--flag: key 'count' wants an integer, got '3000000000'", refused(3_000_000_000L, "count"));
        assertEquals("toy config: key 'ratio' must be in [0, 0.99], got '2'",
                assertThrows(ConfigException.class, () -> Config.defaults(spec).with("ratio", 2.0)).getMessage(), "a program's value names the kind");
    }

    @Test void anEnumChoiceIsSpeltByItsConstantsAndReadsBackAsOne() {
        ConfigKey k = spec.keys().get("shape");
        assertEquals(List.of("round", "square_ish"), k.choices());
        assertEquals("must be one of round, square_ish", k.ruleText());
        Config d = Config.defaults(spec);
        assertEquals(Shape.ROUND, d.choice("shape", Shape.class));
        assertEquals(Shape.SQUARE_ISH, d.with("shape", Shape.SQUARE_ISH, "--flag").choice("shape", Shape.class));
        assertEquals(Shape.SQUARE_ISH, d.with(List.of("shape=square_ish")).choice("shape", Shape.class));
        assertEquals("square_ish", d.with("shape", Shape.SQUARE_ISH).s("shape"), "stored and printed as the config spells it");
        assertEquals(d.with(List.of("shape=square_ish")).text(), d.with("shape", Shape.SQUARE_ISH).text());
    }
}
