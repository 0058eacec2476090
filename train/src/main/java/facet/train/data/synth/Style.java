package facet.train.data.synth;

/**
 * How a domain photographs its faces: a distribution over framing, pose, light, backdrop,
 * occlusion and camera defects. {@link Scene#draw} samples one concrete scene from it. Set up
 * once per domain with the fluent methods; lengths in pixels are at the domain's native size.
 */
final class Style {
    // framing: face half-width as a fraction of image width; eye line as a fraction of height
    double scaleMin = 0.3, scaleMax = 0.32, jitter = 0.02, eyeY = 0.42;
    // pose (radians, normal sd, clamped at yawMax / 2 yawMax / ...)
    double yawSd = 0.12, pitchSd = 0.06, rollSd = 0.05, yawMax = 0.5;
    // light
    double ambientMin = 0.5, ambientMax = 0.65, diffuseMin = 0.35, diffuseMax = 0.5, azimuthSd = 0.6, warmth = 0.05;
    // camera
    double exposureMin = 0.95, exposureMax = 1.1, castSd = 0.03, contrastMin = 0.95, contrastMax = 1.1;
    double saturationMin = 0.9, saturationMax = 1.1, blurMin = 0, blurMax = 0.4, noiseMin = 0.004, noiseMax = 0.012;
    double jpegProb = 0, jpegMin = 0.8, jpegMax = 0.95, vignetteMax = 0, lowResProb = 0, lowResMin = 1;
    // surroundings
    double[] backdrops = {1, 1, 1, 0, 0};
    double occlusion = 0;
    boolean grey;

    Style scale(double min, double max, double jitter, double eyeY) {
        scaleMin = min;
        scaleMax = max;
        this.jitter = jitter;
        this.eyeY = eyeY;
        return this;
    }

    Style pose(double yawSd, double pitchSd, double rollSd, double yawMax) {
        this.yawSd = yawSd;
        this.pitchSd = pitchSd;
        this.rollSd = rollSd;
        this.yawMax = yawMax;
        return this;
    }

    Style light(double ambientMin, double ambientMax, double diffuseMin, double diffuseMax, double azimuthSd, double warmth) {
        this.ambientMin = ambientMin;
        this.ambientMax = ambientMax;
        this.diffuseMin = diffuseMin;
        this.diffuseMax = diffuseMax;
        this.azimuthSd = azimuthSd;
        this.warmth = warmth;
        return this;
    }

    Style exposure(double min, double max, double castSd) {
        exposureMin = min;
        exposureMax = max;
        this.castSd = castSd;
        return this;
    }

    Style tone(double contrastMin, double contrastMax, double saturationMin, double saturationMax) {
        this.contrastMin = contrastMin;
        this.contrastMax = contrastMax;
        this.saturationMin = saturationMin;
        this.saturationMax = saturationMax;
        return this;
    }

    Style blur(double min, double max) {
        blurMin = min;
        blurMax = max;
        return this;
    }

    Style noise(double min, double max) {
        noiseMin = min;
        noiseMax = max;
        return this;
    }

    Style jpeg(double prob, double min, double max) {
        jpegProb = prob;
        jpegMin = min;
        jpegMax = max;
        return this;
    }

    Style vignette(double max) {
        vignetteMax = max;
        return this;
    }

    /** With probability prob the face is rendered at a fraction in [min, 1] of the size and upscaled. */
    Style lowRes(double prob, double min) {
        lowResProb = prob;
        lowResMin = min;
        return this;
    }

    /** Weights over {@link Backdrop.Kind}: studio, indoor, outdoor, clutter, dark. */
    Style backdrops(double... w) {
        backdrops = w;
        return this;
    }

    Style occlusion(double p) {
        occlusion = p;
        return this;
    }

    Style grey() {
        grey = true;
        return this;
    }
}
