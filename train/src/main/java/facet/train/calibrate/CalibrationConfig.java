package facet.train.calibrate;

import facet.train.data.synth.Domain;
import facet.train.run.Config;
import facet.train.run.ConfigKey;
import facet.train.run.ConfigSpec;

/** The calibrate run kind's keys (./facet config --print calibrate) and their reading into {@link Calibration.Config}. */
public final class CalibrationConfig {
    private CalibrationConfig() {}

    public static ConfigSpec spec() {
        return ConfigSpec.of("calibrate", "a ResNet-18 trained on one synthetic domain, tested on every labelled domain")
                .section("data")
                .key(ConfigKey.choice("source", "raf", Domain.LABELLED.stream().map(d -> d.name).toList(), "training domain"))
                .key(ConfigKey.integer("train", 6000, 1, "training samples"))
                .key(ConfigKey.integer("eval", 600, 1, "test samples per domain"))
                .key(ConfigKey.integer("size", 32, 8, "input size in pixels"))
                .section("model")
                .key(ConfigKey.real("width", 0.25, 1e-3, 4, "ResNet-18 width factor; 1.0 is 64-512 channels"))
                .loopKeys(12, 64, 2e-3, 0.05, 0.999);
    }

    public static Calibration.Config read(Config c) {
        return new Calibration.Config(Domain.byName(c.s("source")), c.i("train"), c.i("eval"), c.i("size"), c.d("width"), c.i("epochs"),
                c.i("batch"), c.d("lr"), c.d("weight_decay"), c.l("seed"), c.i("threads"));
    }
}
