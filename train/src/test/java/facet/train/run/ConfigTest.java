package facet.train.run;

import facet.train.calibrate.CalibrationConfig;
import facet.train.cli.RunKinds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Configs: a wrong key, type or value fails with one sentence naming the place and the key; the printed defaults read back. */
class ConfigTest {
    private final ConfigSpec spec = CalibrationConfig.spec();

    private String error(String text) { return assertThrows(ConfigException.class, () -> Config.parse(spec, text, "cal.conf")).getMessage(); }

    @Test void badInputIsOneSentenceNamingFileLineAndKey() {
        assertEquals("cal.conf line 2: unknown key 'epoch' for a calibrate config (did you mean 'epochs'?)", error("# tiny\nepoch = 3\n"));
        assertEquals("cal.conf line 1: key 'epochs' wants an integer, got 'three'", error("epochs = three"));
        assertEquals("cal.conf line 1: key 'epochs' must be >= 1, got '0'", error("epochs = 0"));
        assertEquals("cal.conf line 1: key 'lr' wants a finite number, got 'NaN'", error("lr = NaN"));
        assertEquals("cal.conf line 3: key 'batch' is already set on line 1", error("batch = 8\n\nbatch = 9"));
        assertEquals("cal.conf line 1: key 'source' must be one of raf, affectnet, sfew, fer2013, expw, jaffe, got 'mars'", error("source = mars"));
        assertEquals("cal.conf line 1: expected 'key = value', got 'epochs 3'", error("epochs 3"));
        assertEquals("cal.conf line 1: key 'kind' is 'pretrain' but this is a calibrate config", error("kind = pretrain"));
        assertEquals("--set warmup=2: key 'warmup' must be in [0, 0.99], got '2'",
                assertThrows(ConfigException.class, () -> Config.defaults(spec).with(List.of("warmup=2"))).getMessage());
        assertEquals("unknown run kind 'pretrian'; known: calibrate",
                assertThrows(ConfigException.class, () -> RunKinds.spec("pretrian")).getMessage().replaceAll(", .*", ""));
    }

    @Test void printedDefaultsReadBackAndOverridesApply() {
        Config d = Config.defaults(spec);
        assertEquals(d, Config.parse(spec, d.text(), "printed"));
        Config c = Config.parse(spec, "epochs = 3   # short\nlr = 1e-4\nsource = jaffe\n", "x").with(List.of("batch=16"));
        assertEquals(3, c.i("epochs"));
        assertEquals(1e-4, c.d("lr"));
        assertEquals("jaffe", c.s("source"));
        assertEquals(16, c.i("batch"));
        assertEquals(d.i("train"), c.i("train"), "keys left out keep their defaults");
        assertEquals(c, Config.parse(spec, c.text(), "printed"), "a resolved config reads back to itself");
    }
}
