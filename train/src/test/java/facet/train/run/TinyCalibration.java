package facet.train.run;

import facet.train.calibrate.Calibration;
import facet.train.calibrate.CalibrationConfig;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * The calibration at a tiny size in a run folder, as a child process for the kill-and-resume
 * and determinism tests: {@code TinyCalibration DIR new|resume [KEY=VALUE...]} (overrides for a new
 * run). The real model, loader and augmentation; about 24 steps with a checkpoint every 3.
 */
public final class TinyCalibration {
    static final String CONFIG = """
            train = 64
            eval = 4
            size = 16
            width = 0.125
            epochs = 3
            batch = 8
            checkpoint_every = 3
            threads = 1
            """;

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        PrintWriter out = new PrintWriter(System.out, true);
        RunDir run = args[1].equals("resume") ? RunDir.resume(dir, CalibrationConfig.spec(), out)
                : RunDir.create(dir, Config.parse(CalibrationConfig.spec(), CONFIG, "tiny").with(List.of(args).subList(2, args.length)), false, out);
        Calibration.run(CalibrationConfig.read(run.config()), LoopSettings.from(run.config(), ""), run);
        run.close();
    }
}
