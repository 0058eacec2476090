package facet.train.data.synth;

import facet.train.data.Rng;

/**
 * One sample's shooting conditions, drawn from a {@link Style}: where the face sits and how it
 * is turned, the light, the backdrop and occluder, and the camera's defects.
 *
 * @param ppu        pixels per face unit (at the rendered size)
 * @param cx         pixel position of the face origin (between the eyes)
 * @param yaw        head turn (+ toward the image's right), radians
 * @param occluder   -1 for none, else an {@link Occluders} kind
 * @param renderScale fraction of the output size the face is rendered at (1, or less for a low-resolution source)
 */
record Scene(int width, int height, double ppu, double cx, double cy, double roll, double yaw, double pitch,
             Light light, double lightAzimuth, Backdrop.Kind backdrop, int occluder, double exposure, float[] cast,
             double contrast, double saturation, double blur, double noise, double jpegQuality, double vignette,
             double renderScale, boolean grey, long seed) {

    /** pixelScale: rendered size over the domain's native size; pixel lengths (blur) scale by it. */
    static Scene draw(Style s, int width, int height, double pixelScale, Rng r) {
        double scale = r.uniform(s.scaleMin, s.scaleMax);
        double ppu = scale * width;
        double cx = width * (0.5 + r.normal(0, s.jitter)), cy = height * (s.eyeY + r.normal(0, s.jitter));
        double yaw = clamp(r.normal(0, s.yawSd), s.yawMax), pitch = clamp(r.normal(0, s.pitchSd), 2.5 * s.pitchSd);
        double roll = clamp(r.normal(0, s.rollSd), 2.5 * s.rollSd);
        double az = r.normal(0, s.azimuthSd), el = r.uniform(0.1, 0.6);
        double warm = r.normal(0, s.warmth);
        float[] lightColour = {(float) (1 + warm), 1f, (float) (1 - warm)};
        Light light = Light.of(az, el, r.uniform(s.ambientMin, s.ambientMax), r.uniform(s.diffuseMin, s.diffuseMax), lightColour);
        Backdrop.Kind bg = Backdrop.Kind.values()[r.pick(s.backdrops)];
        boolean occluded = r.chance(s.occlusion);
        int occ = r.below(Occluders.KINDS);
        float[] cast = {(float) (1 + r.normal(0, s.castSd)), (float) (1 + r.normal(0, s.castSd * 0.5)), (float) (1 + r.normal(0, s.castSd))};
        double exposure = r.uniform(s.exposureMin, s.exposureMax);
        double contrast = r.uniform(s.contrastMin, s.contrastMax), saturation = r.uniform(s.saturationMin, s.saturationMax);
        double blur = r.uniform(s.blurMin, s.blurMax) * pixelScale, noise = r.uniform(s.noiseMin, s.noiseMax);
        boolean jpeg = r.chance(s.jpegProb);
        double quality = r.uniform(s.jpegMin, s.jpegMax), vignette = r.uniform(0, s.vignetteMax);
        boolean low = r.chance(s.lowResProb);
        double renderScale = low ? r.uniform(s.lowResMin, 1) : 1;
        return new Scene(width, height, ppu, cx, cy, roll, yaw, pitch, light, az, bg, occluded ? occ : -1, exposure, cast,
                contrast, saturation, blur, noise, jpeg ? quality : 0, vignette, renderScale, s.grey, r.nextLong());
    }

    private static double clamp(double x, double m) { return Math.max(-m, Math.min(m, x)); }
}
