package facet.train.data.synth;

/**
 * A region of the face plane, given by an approximate signed distance in face units (negative
 * inside), plus a bounding box. Distances only need to be accurate near the boundary: the
 * canvas turns them into anti-aliased coverage over about one pixel.
 *
 * <p>Face coordinates: u to the image's right, v down, unit = half the face's width, origin
 * between the eyes. Curves are sampled once per face into lookup tables, so a pixel costs a
 * few multiplies whatever the curve's formula.
 */
abstract sealed class Shape permits Shape.Ellipse, Shape.Band, Shape.Profile, Shape.Intersect, Shape.Ring {
    /** Bounding box in face units. */
    final double u0, u1, v0, v1;

    Shape(double u0, double u1, double v0, double v1) {
        this.u0 = u0;
        this.u1 = u1;
        this.v0 = v0;
        this.v1 = v1;
    }

    abstract double distance(double u, double v);

    // =========================================================================================
    // Ellipse
    // =========================================================================================

    /** An ellipse with semi-axes (ru, rv) rotated by angle (radians, clockwise on screen). */
    static final class Ellipse extends Shape {
        private final double cu, cv, ru, rv, cos, sin;

        Ellipse(double cu, double cv, double ru, double rv, double angle) {
            super(cu - Math.max(ru, rv), cu + Math.max(ru, rv), cv - Math.max(ru, rv), cv + Math.max(ru, rv));
            this.cu = cu;
            this.cv = cv;
            this.ru = Math.max(ru, 1e-4);
            this.rv = Math.max(rv, 1e-4);
            this.cos = Math.cos(angle);
            this.sin = Math.sin(angle);
        }

        static Ellipse circle(double cu, double cv, double r) { return new Ellipse(cu, cv, r, r, 0); }

        /** Inigo Quilez's first-order distance k0 (k0 - 1) / k1: exact on the boundary, smooth near it. */
        @Override double distance(double u, double v) {
            double du = u - cu, dv = v - cv;
            double x = du * cos + dv * sin, y = -du * sin + dv * cos;
            double ax = x / ru, ay = y / rv, bx = ax / ru, by = ay / rv;
            double k0 = Math.sqrt(ax * ax + ay * ay), k1 = Math.sqrt(bx * bx + by * by);
            return k1 == 0 ? -Math.min(ru, rv) : k0 * (k0 - 1) / k1;
        }
    }

    // =========================================================================================
    // Band between two curves
    // =========================================================================================

    /**
     * The region between a top and a bottom curve over a segment: in a frame at (cu, cv) rotated
     * by angle, with s along the segment and w across it (down on screen when angle is 0),
     * t = s / halfLength in [-1, 1] and top(t) < w < bottom(t). Eyes, lips, brows, wrinkles and
     * folds are bands; ends close where the curves meet.
     */
    static final class Band extends Shape {
        static final int SAMPLES = 64;
        private final double cu, cv, cos, sin, half;
        private final float[] top, bottom, topSlope, bottomSlope;

        /** top and bottom hold SAMPLES + 1 values at t = -1 + 2k / SAMPLES. */
        Band(double cu, double cv, double angle, double half, float[] top, float[] bottom) {
            super(box(cu, cv, angle, half, top, bottom, true), box(cu, cv, angle, half, top, bottom, false),
                    boxV(cu, cv, angle, half, top, bottom, true), boxV(cu, cv, angle, half, top, bottom, false));
            this.cu = cu;
            this.cv = cv;
            this.cos = Math.cos(angle);
            this.sin = Math.sin(angle);
            this.half = half;
            this.top = top;
            this.bottom = bottom;
            this.topSlope = slopes(top, half);
            this.bottomSlope = slopes(bottom, half);
        }

        /** A band from two functions of t, sampled now. */
        static Band of(double cu, double cv, double angle, double half, Curve top, Curve bottom) {
            float[] a = new float[SAMPLES + 1], b = new float[SAMPLES + 1];
            for (int k = 0; k <= SAMPLES; k++) {
                double t = -1 + 2.0 * k / SAMPLES;
                a[k] = (float) top.at(t);
                b[k] = (float) bottom.at(t);
            }
            return new Band(cu, cv, angle, half, a, b);
        }

        /** A stroke of half-thickness th(t) around a centre curve. */
        static Band stroke(double cu, double cv, double angle, double half, Curve centre, Curve th) {
            return of(cu, cv, angle, half, t -> centre.at(t) - th.at(t), t -> centre.at(t) + th.at(t));
        }

        /** This band mirrored left-right about u = 0 (for the other eye, brow, fold). */
        Band mirrored() {
            float[] a = new float[SAMPLES + 1], b = new float[SAMPLES + 1];
            for (int k = 0; k <= SAMPLES; k++) {
                a[k] = top[SAMPLES - k];
                b[k] = bottom[SAMPLES - k];
            }
            return new Band(-cu, cv, -Math.atan2(sin, cos), half, a, b);
        }

        private static float[] slopes(float[] c, double half) {
            float[] s = new float[c.length];
            double dt = 2.0 / SAMPLES;
            for (int k = 0; k < c.length; k++) {
                int a = Math.max(0, k - 1), b = Math.min(c.length - 1, k + 1);
                s[k] = (float) ((c[b] - c[a]) / ((b - a) * dt * half));
            }
            return s;
        }

        @Override double distance(double u, double v) {
            double du = u - cu, dv = v - cv;
            double s = du * cos + dv * sin, w = -du * sin + dv * cos;
            double t = s / half;
            double end = Math.abs(s) - half;
            double tc = Math.max(-1, Math.min(1, t));
            double x = (tc + 1) * 0.5 * SAMPLES;
            int k = Math.min(SAMPLES - 1, (int) x);
            double f = x - k;
            double tp = top[k] + f * (top[k + 1] - top[k]), bt = bottom[k] + f * (bottom[k + 1] - bottom[k]);
            double ts = topSlope[k], bs = bottomSlope[k];
            double dTop = (tp - w) / Math.sqrt(1 + ts * ts), dBottom = (w - bt) / Math.sqrt(1 + bs * bs);
            double across = Math.max(dTop, dBottom);
            if (bt < tp) across = Math.max(across, 0.5 * (tp - bt)); // the curves crossed: nothing here
            return Math.max(across, end);
        }

        private static double box(double cu, double cv, double angle, double half, float[] top, float[] bottom, boolean min) {
            return extent(cu, cv, angle, half, top, bottom, min, true);
        }

        private static double boxV(double cu, double cv, double angle, double half, float[] top, float[] bottom, boolean min) {
            return extent(cu, cv, angle, half, top, bottom, min, false);
        }

        /** Extremes of the band's outline points, in u or v. */
        private static double extent(double cu, double cv, double angle, double half, float[] top, float[] bottom, boolean min, boolean uAxis) {
            double c = Math.cos(angle), sn = Math.sin(angle), best = min ? Double.MAX_VALUE : -Double.MAX_VALUE;
            for (int k = 0; k <= SAMPLES; k++) {
                double s = (-1 + 2.0 * k / SAMPLES) * half;
                for (float w : new float[] {top[k], bottom[k]}) {
                    double u = cu + s * c - w * sn, v = cv + s * sn + w * c;
                    double x = uAxis ? u : v;
                    best = min ? Math.min(best, x) : Math.max(best, x);
                }
            }
            return best;
        }
    }

    /** A curve over t in [-1, 1]. */
    @FunctionalInterface
    interface Curve {
        double at(double t);
    }

    // =========================================================================================
    // Profile: a vertical outline (head, neck, nose)
    // =========================================================================================

    /**
     * The region |u - centre(v)| < halfWidth(v) for v in [vTop, vBottom]: the head, the neck,
     * long hair. Distances are horizontal ones corrected by the outline's slope; beyond the ends
     * the distance is to the end point.
     */
    static final class Profile extends Shape {
        static final int SAMPLES = 128;
        private final double vTop, vBottom;
        private final float[] centre, halfWidth, slope;

        Profile(double vTop, double vBottom, Curve centre, Curve halfWidth) {
            super(minU(vTop, vBottom, centre, halfWidth), -minU(vTop, vBottom, v -> -centre.at(v), halfWidth), vTop, vBottom);
            this.vTop = vTop;
            this.vBottom = vBottom;
            this.centre = new float[SAMPLES + 1];
            this.halfWidth = new float[SAMPLES + 1];
            this.slope = new float[SAMPLES + 1];
            double dv = (vBottom - vTop) / SAMPLES;
            for (int k = 0; k <= SAMPLES; k++) {
                double v = vTop + k * dv;
                this.centre[k] = (float) centre.at(v);
                this.halfWidth[k] = (float) Math.max(0, halfWidth.at(v));
            }
            for (int k = 0; k <= SAMPLES; k++) {
                int a = Math.max(0, k - 1), b = Math.min(SAMPLES, k + 1);
                slope[k] = (float) ((this.halfWidth[b] - this.halfWidth[a]) / ((b - a) * dv));
            }
        }

        private static double minU(double vTop, double vBottom, Curve centre, Curve halfWidth) {
            double m = Double.MAX_VALUE;
            for (int k = 0; k <= 32; k++) {
                double v = vTop + (vBottom - vTop) * k / 32;
                m = Math.min(m, centre.at(v) - Math.max(0, halfWidth.at(v)));
            }
            return m;
        }

        @Override double distance(double u, double v) {
            double x = (v - vTop) / (vBottom - vTop) * SAMPLES;
            if (x < 0 || x > SAMPLES) {
                int k = x < 0 ? 0 : SAMPLES;
                double ve = x < 0 ? vTop : vBottom;
                double du = Math.max(0, Math.abs(u - centre[k]) - halfWidth[k]);
                return Math.hypot(du, v - ve);
            }
            int k = Math.min(SAMPLES - 1, (int) x);
            double f = x - k;
            double c = centre[k] + f * (centre[k + 1] - centre[k]), hw = halfWidth[k] + f * (halfWidth[k + 1] - halfWidth[k]);
            double s = slope[k];
            return (Math.abs(u - c) - hw) / Math.sqrt(1 + s * s);
        }
    }

    // =========================================================================================
    // Intersection
    // =========================================================================================

    /** Inside both: the larger of the two distances (the iris within the eye opening, the hair cap). */
    static final class Intersect extends Shape {
        private final Shape a, b;

        Intersect(Shape a, Shape b) {
            super(Math.max(a.u0, b.u0), Math.min(a.u1, b.u1), Math.max(a.v0, b.v0), Math.min(a.v1, b.v1));
            this.a = a;
            this.b = b;
        }

        @Override double distance(double u, double v) { return Math.max(a.distance(u, v), b.distance(u, v)); }
    }

    // =========================================================================================
    // Ring
    // =========================================================================================

    /** The outline of a shape drawn with a pen of half-width th (a glasses frame). */
    static final class Ring extends Shape {
        private final Shape inner;
        private final double th;

        Ring(Shape inner, double th) {
            super(inner.u0 - th, inner.u1 + th, inner.v0 - th, inner.v1 + th);
            this.inner = inner;
            this.th = th;
        }

        @Override double distance(double u, double v) { return Math.abs(inner.distance(u, v)) - th; }
    }
}
