package facet.train.data.synth;

/**
 * Lambertian light on a body part modelled as an ellipsoid: the normal at face point (u, v)
 * comes from the ellipsoid centred at (cu, cv) with radii (ru, rv); brightness is
 * ambient + diffuse * max(0, n . l), tinted by the light's colour.
 */
final class Light {
    private final double cu, cv, ru, rv, lx, ly, lz;
    private final float ambient, diffuse;
    private final float[] colour;

    private Light(double cu, double cv, double ru, double rv, double lx, double ly, double lz, float ambient, float diffuse, float[] colour) {
        this.cu = cu;
        this.cv = cv;
        this.ru = ru;
        this.rv = rv;
        this.lx = lx;
        this.ly = ly;
        this.lz = lz;
        this.ambient = ambient;
        this.diffuse = diffuse;
        this.colour = colour;
    }

    /**
     * @param azimuth   light direction around the face (0 frontal, + from the image's right)
     * @param elevation + from above
     */
    static Light of(double azimuth, double elevation, double ambient, double diffuse, float[] colour) {
        return new Light(0, 0, 1, 1, Math.sin(azimuth) * Math.cos(elevation), -Math.sin(elevation),
                Math.cos(azimuth) * Math.cos(elevation), (float) ambient, (float) diffuse, colour.clone());
    }

    /** The same light falling on another ellipsoid (the head, the neck, an ear). */
    Light on(double cu, double cv, double ru, double rv) { return new Light(cu, cv, ru, rv, lx, ly, lz, ambient, diffuse, colour); }

    /** The same geometry under a light dimmed by factor (a part in shadow). */
    Light dimmed(double factor) {
        return new Light(cu, cv, ru, rv, lx, ly, lz, (float) (ambient * factor), (float) (diffuse * factor), colour);
    }

    void at(double u, double v, float[] out) {
        double nx = (u - cu) / ru, ny = (v - cv) / rv;
        double q = nx * nx + ny * ny, nz = Math.sqrt(Math.max(0.04, 1 - q)), len = Math.sqrt(q + nz * nz);
        double dot = (nx * lx + ny * ly + nz * lz) / len;
        float s = ambient + diffuse * (float) Math.max(0, dot);
        out[0] = s * colour[0];
        out[1] = s * colour[1];
        out[2] = s * colour[2];
    }
}
