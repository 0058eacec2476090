package facet.train.data.synth;

import facet.train.data.synth.Shape.Band;
import facet.train.data.synth.Shape.Ellipse;
import facet.train.data.synth.Shape.Intersect;
import facet.train.data.synth.Shape.Profile;

import java.util.ArrayList;
import java.util.List;

import static facet.train.data.synth.ActionUnit.*;

/**
 * The geometry of one face: an {@link Identity}'s proportions moved by action-unit activations
 * and turned by the head pose, as {@link Shape}s in face coordinates. {@link FaceRenderer}
 * decides colours and painting order.
 *
 * <p>Pose: the head is treated as a vertical cylinder for yaw. A feature at lateral position u
 * and depth z (head centre at z = 0, nose tip about 1.08) projects to r sin(theta + yaw) with
 * r = |(u, z)|, theta = atan2(u, z), and is foreshortened horizontally by
 * cos(theta + yaw) / cos(theta): the near eye widens, the far one narrows, the far ear hides.
 * Pitch shifts features vertically by their depth times sin(pitch).
 */
final class FaceRig {
    /** A shading mark: darken (depth > 0) or lighten (depth < 0) under a shape, edge softened over soft face units. */
    record Mark(Shape shape, float depth, double soft) {}

    record Eye(Shape opening, Shape iris, Shape pupil, Shape glint, Shape lashes, Shape lowerLid, Shape socket) {}

    record Mouth(Shape upperLip, Shape lowerLip, Shape inside, Shape teeth, Shape lipLine, double gap, double lineDepth) {}

    record Nose(Shape region, Shape nostrilL, Shape nostrilR, Shape tip, Shape sideL, Shape sideR, Shape under) {}

    final Identity id;
    final double yaw, pitch;
    final double[] au;
    final double chin, headTop;
    final Profile head, neck, cloth;
    final Shape earL, earR, earringL, earringR, necklace;
    final Eye eyeL, eyeR;
    final Band browL, browR;
    final Nose nose;
    final Mouth mouth;
    final Shape beard, hairBack, hairCap, bangs, bun, hat;
    final Shape lensL, lensR, frameL, frameR, bridge, templeL, templeR;
    /** Wrinkles, folds and bulges, painted over the skin before the features. */
    final List<Mark> marks = new ArrayList<>();
    /** Where hair strands radiate from. */
    final double crownU, crownV;

    FaceRig(Identity id, double[] au, double yaw, double pitch) {
        this.id = id;
        this.au = au;
        this.yaw = yaw;
        this.pitch = pitch;
        double jaw = JAW_DROP.of(au);
        chin = id.chin + 0.13 * jaw;
        headTop = id.crown;

        // ---- head, neck, clothes -------------------------------------------------------------
        double W = id.faceWidth, vc = 0.15;
        head = new Profile(headTop, chin, this::outlineCentre, v -> headHalfWidth(v, W, vc));
        double neckTop = id.mouthV + 0.1;
        neck = new Profile(neckTop, chin + 1.0, v -> Math.sin(yaw) * 0.12,
                v -> id.neckWidth * (1 + 0.25 * smooth(chin + 0.5, chin + 1.0, v)) * roundEnd(v, chin + 1.0, 0.12));
        double clothTop = chin + 0.45;
        cloth = new Profile(clothTop, clothTop + 3, v -> Math.sin(yaw) * 0.25,
                v -> id.neckWidth + 0.1 + (1.95 - id.neckWidth) * Math.sqrt(Math.max(0, Math.min(1, (v - clothTop) / 0.5))));
        necklace = id.necklace ? Band.stroke(Math.sin(yaw) * 0.12, chin + 0.38, 0, id.neckWidth * 1.05,
                t -> 0.1 * (1 - t * t), t -> 0.012) : null;

        // ---- ears ----------------------------------------------------------------------------
        double earV = id.eyeV + 0.2 + pitchShift(0);
        earL = ear(-1, earV, W, vc);
        earR = ear(+1, earV, W, vc);
        earringL = id.earrings && earL != null ? Ellipse.circle(earCentreU(-1, earV, W, vc), earV + 0.26 * id.earSize, 0.035) : null;
        earringR = id.earrings && earR != null ? Ellipse.circle(earCentreU(+1, earV, W, vc), earV + 0.26 * id.earSize, 0.035) : null;

        // ---- features --------------------------------------------------------------------------
        eyeL = eye(-1);
        eyeR = eye(+1);
        browL = brow(-1);
        browR = brow(+1);
        nose = nose();
        mouth = mouth();
        creases();

        // ---- hair, beard, hat, glasses --------------------------------------------------------------
        crownU = outlineCentre(headTop);
        crownV = headTop + 0.35;
        Shape[] hair = hair(W, vc);
        hairBack = hair[0];
        hairCap = hair[1];
        bangs = hair[2];
        bun = hair[3];
        beard = beard();
        hat = id.hat ? new Intersect(new Ellipse(crownU, headTop + 0.55, W + 0.16, 0.8, 0),
                Band.of(crownU, id.hairline + 0.08, 0, W + 0.4, t -> -4, t -> 0.03 * t * t)) : null;
        if (id.glasses > 0) {
            lensL = lens(-1);
            lensR = lens(+1);
            frameL = new Shape.Ring(lensL, 0.014);
            frameR = new Shape.Ring(lensR, 0.014);
            double y = id.eyeV + pitchShift(0.75) - 0.03;
            double a = project(-id.eyeSpacing, 0.75) + lensHalf(-1), b = project(id.eyeSpacing, 0.75) - lensHalf(+1);
            bridge = Band.stroke((a + b) / 2, y, 0, Math.max(0.01, (b - a) / 2), t -> -0.02 * (1 - t * t), t -> 0.011);
            templeL = temple(-1, y);
            templeR = temple(+1, y);
        } else {
            lensL = lensR = frameL = frameR = bridge = templeL = templeR = null;
        }
    }

    // =========================================================================================
    // Projection
    // =========================================================================================

    /** Screen u of a point at lateral u and depth z under the head's yaw. */
    double project(double u, double z) {
        double r = Math.hypot(u, z), th = Math.atan2(u, z);
        return r * Math.sin(th + yaw);
    }

    /** Horizontal foreshortening of a small feature at (u, z). */
    double foreshorten(double u, double z) {
        double th = Math.atan2(u, z);
        return Math.max(0.12, Math.cos(th + yaw) / Math.cos(th));
    }

    double pitchShift(double z) { return z * Math.sin(pitch); }

    /** The silhouette's centre line: the jaw swings with yaw more than the crown does. */
    private double outlineCentre(double v) { return Math.sin(yaw) * (0.1 + 0.5 * clamp01((v + 0.6) / 2.1)); }

    private double headHalfWidth(double v, double W, double vc) {
        if (v < vc) {
            double t = (v - vc) / (vc - headTop);
            return W * Math.sqrt(Math.max(0, 1 - t * t));
        }
        double t = clamp01((v - vc) / (chin - vc)), p = id.jawPower;
        return W * (1 - (1 - id.jawWidth) * t) * Math.pow(Math.max(0, 1 - Math.pow(t, p)), 1 / p);
    }

    // =========================================================================================
    // Parts
    // =========================================================================================

    private double earCentreU(int side, double v, double W, double vc) {
        return outlineCentre(v) + side * (headHalfWidth(v, W, vc) - 0.02);
    }

    /** An ear, or null when the head turns it out of sight. */
    private Shape ear(int side, double v, double W, double vc) {
        if (side * yaw > 0.3) return null;
        double open = 1 + 2.2 * Math.max(0, -side * yaw);
        return new Ellipse(earCentreU(side, v, W, vc) + side * 0.02 * open, v, 0.1 * id.earSize * open, 0.27 * id.earSize, side * 0.12);
    }

    /** Lid openings from the action units: raise widens the top, cheek raise and tighten close from below. */
    private Eye eye(int side) {
        double z = 0.72, base = side * id.eyeSpacing;
        double ue = project(base, z), k = foreshorten(base, z), ev = id.eyeV + pitchShift(z);
        double L = id.eyeSize * k, o = id.eyeOpen;
        double up = o * Math.max(0.05, 1 + 1.3 * LID_RAISE.of(au) - 0.35 * BROW_LOWER.of(au) - 0.4 * LID_TIGHTEN.of(au)
                - 0.25 * CHEEK_RAISE.of(au) - 0.6 * LID_DROOP.of(au));
        double dn = 0.75 * o * Math.max(0.05, 1 + 0.25 * LID_RAISE.of(au) - 0.6 * CHEEK_RAISE.of(au) - 0.4 * LID_TIGHTEN.of(au));
        double tilt = id.eyeTilt;
        Shape.Curve top = t -> -tilt * t - up * Math.pow(1 - t * t, 0.7) * (1 - 0.12 * t);
        Shape.Curve bottom = t -> -tilt * t + dn * Math.pow(1 - t * t, 0.9) * (1 + 0.1 * t);
        Band opening = sided(Band.of(side * ue, ev, 0, L, top, bottom), side);
        Band lashes = sided(Band.stroke(side * ue, ev, 0, L * 1.06, t -> top.at(Math.max(-1, Math.min(1, t))) - 0.006,
                t -> 0.006 + 0.01 * Math.pow(1 - t * t, 0.4) + (t > 0.6 ? 0.006 : 0)), side);
        Band lower = sided(Band.stroke(side * ue, ev, 0, L * 0.95, t -> bottom.at(t) + 0.008, t -> 0.006 * Math.pow(1 - t * t, 0.5)), side);
        double gaze = 0.3 * L * Math.sin(yaw) * 0.5, gazeV = 0.012 * LID_DROOP.of(au);
        double ri = 0.36 * id.eyeSize * id.irisScale;
        double ic = ue + gaze, iv = ev - 0.12 * o + gazeV;
        Shape iris = new Intersect(new Ellipse(ic, iv, ri * k, ri, 0), opening);
        Shape pupil = new Intersect(new Ellipse(ic, iv, 0.45 * ri * k, 0.45 * ri, 0), opening);
        Shape glint = new Intersect(Ellipse.circle(ic - 0.3 * ri, iv - 0.35 * ri, 0.16 * ri), opening);
        Shape socket = new Ellipse(ue, ev - 0.03, L * 1.35, 0.15, 0);
        return new Eye(opening, iris, pupil, glint, lashes, lower, socket);
    }

    /** Inner end at t = -1: raising the inner end is AU1, the outer end AU2, lowering and knitting AU4. */
    private Band brow(int side) {
        double z = 0.8, base = side * (id.browU - 0.05 * BROW_LOWER.of(au));
        double ub = project(base, z), k = foreshorten(base, z), vb = id.browV + pitchShift(z);
        double a1 = BROW_INNER_RAISE.of(au), a2 = BROW_OUTER_RAISE.of(au), a4 = BROW_LOWER.of(au), a9 = NOSE_WRINKLE.of(au);
        Shape.Curve centre = t -> {
            double inner = Math.pow((1 - t) / 2, 1.5), outer = Math.pow((1 + t) / 2, 1.2);
            return -id.browArch * (1 - t * t) * (1 + 0.8 * a2) - 0.2 * a1 * inner - 0.15 * a2 * outer - 0.05 * a2
                    + 0.085 * a4 + 0.08 * a4 * inner + 0.04 * a9 * (1 - t) / 2;
        };
        Shape.Curve th = t -> id.browThick * (1.1 - 0.5 * Math.pow((t + 1) / 2, 1.3)) * Math.sqrt(Math.max(0, 1 - Math.pow(t, 8)));
        return sided(Band.stroke(side * ub, vb, 0, id.browLength * k, centre, th), side);
    }

    private Nose nose() {
        double a9 = NOSE_WRINKLE.of(au), a10 = UPPER_LIP_RAISE.of(au);
        double top = id.eyeV + 0.02 + pitchShift(0.9), tip = id.noseLength - 0.035 * a9 - 0.015 * a10 + pitchShift(1.05);
        double bottom = tip + 0.06, wid = id.noseWidth + 0.025 * a9 + 0.01 * LIP_CORNER_PULL.of(au);
        double kTip = foreshorten(0, 1.05);
        Profile region = new Profile(top, bottom, v -> Math.sin(yaw) * (0.9 + 0.2 * clamp01((v - top) / (bottom - top))), v -> {
            double p = clamp01((v - top) / (bottom - top));
            double w = 0.065 + (wid - 0.065) * smooth(0.5, 0.88, p);
            return w * kTip * (p > 0.86 ? Math.sqrt(Math.max(0, 1 - Math.pow((p - 0.86) / 0.14, 2))) : 1);
        });
        double cu = Math.sin(yaw) * 1.08;
        Shape nl = new Ellipse(cu - 0.075 * kTip, tip + 0.005, 0.034 * kTip * (1 + 0.3 * a9), 0.016, -0.35);
        Shape nr = new Ellipse(cu + 0.075 * kTip, tip + 0.005, 0.034 * kTip * (1 + 0.3 * a9), 0.016, 0.35);
        Shape tipGlow = new Ellipse(cu, tip - 0.06, 0.05, 0.04, 0);
        Shape sideL = new Ellipse(cu - 0.11, tip - 0.2, 0.06, 0.24, 0), sideR = new Ellipse(cu + 0.11, tip - 0.2, 0.06, 0.24, 0);
        Shape under = new Ellipse(cu * 0.9, tip + 0.08, 0.13, 0.035, 0);
        if (a9 > 0.05) {
            for (int j = 0; j < 3; j++) {
                double v = top + 0.1 + 0.06 * j;
                marks.add(new Mark(Band.stroke(Math.sin(yaw) * 0.92, v, 0, 0.07, t -> 0.012 * t * t, t -> 0.007), (float) (0.35 * a9), 0.012));
            }
        }
        return new Nose(region, nl, nr, tipGlow, sideL, sideR, under);
    }

    /** Corners lift with AU12 and fall with AU15; the gap opens with AU25 and AU26; AU24 thins and closes. */
    private Mouth mouth() {
        double a10 = UPPER_LIP_RAISE.of(au), a12 = LIP_CORNER_PULL.of(au), a15 = LIP_CORNER_DEPRESS.of(au), a17 = CHIN_RAISE.of(au);
        double a20 = LIP_STRETCH.of(au), a24 = LIP_PRESS.of(au), a25 = LIPS_PART.of(au), a26 = JAW_DROP.of(au), a9 = NOSE_WRINKLE.of(au);
        double z = 0.88, um = project(0, z), vm = id.mouthV + pitchShift(z) + 0.05 * a26;
        double mw = id.mouthWidth * foreshorten(0, z) * (1 + 0.25 * a12 + 0.3 * a20 - 0.15 * a24 - 0.06 * a15 - 0.2 * a26);
        double lift = 0.16 * a12 - 0.13 * a15 - 0.05 * a20 - 0.015 * a10;
        double gap = Math.max(0, (0.08 * a25 + 0.3 * a26 + 0.04 * a10) * (1 - 0.85 * Math.min(1, a24)) - 0.006);
        double raise = 0.09 * a10 + 0.03 * a9, push = 0.04 * a17;
        double tu = id.upperLip * Math.max(0.2, 1 - 0.45 * a24 - 0.2 * a20 - 0.25 * a12);
        double tl = id.lowerLip * Math.max(0.2, 1 - 0.4 * a24 - 0.2 * a20 + 0.15 * a17 - 0.1 * a12);
        Shape.Curve mid = t -> -lift * t * t - 0.6 * push * (1 - t * t);
        Shape.Curve ui = t -> mid.at(t) - 0.3 * gap * Math.pow(1 - t * t, 0.6) - raise * Math.sqrt(1 - t * t);
        Shape.Curve li = t -> mid.at(t) + 0.7 * gap * Math.pow(1 - t * t, 0.6);
        Shape.Curve uo = t -> ui.at(t) - tu * Math.pow(1 - t * t, 0.45) * bow(t);
        Shape.Curve lo = t -> li.at(t) + tl * Math.pow(1 - t * t, 0.55);
        Band upper = Band.of(um, vm, 0, mw, uo, ui), lower = Band.of(um, vm, 0, mw, li, lo);
        Band inside = Band.of(um, vm, 0, mw * 0.97, ui, li);
        double teethH = Math.min(0.055, 0.5 * gap + 0.02 * a10);
        Shape teeth = new Intersect(inside, Band.of(um, vm, 0, mw * 0.8, ui, t -> ui.at(t) + teethH * Math.pow(1 - t * t, 0.3)));
        Band line = Band.stroke(um, vm, 0, mw * 1.02, mid, t -> 0.007 + 0.003 * (1 - t * t));
        double lineDepth = Math.max(0, 0.55 * (1 - gap / 0.03)) * (0.7 + 0.6 * Math.min(1, a24));
        // corner dimples and the shadow under the lower lip
        for (int s = -1; s <= 1; s += 2) {
            marks.add(new Mark(Ellipse.circle(um + s * mw * 1.02, vm - lift, 0.03), (float) (0.2 + 0.25 * a12 + 0.2 * a15), 0.02));
        }
        marks.add(new Mark(new Ellipse(um, vm + 0.7 * gap + tl + 0.06, 0.2, 0.035, 0), 0.14f, 0.04));
        if (a17 > 0.05) marks.add(new Mark(new Ellipse(um, chin - 0.22, 0.18, 0.1, 0), (float) (0.12 * a17), 0.06));
        return new Mouth(upper, lower, inside, teeth, line, gap, lineDepth);
    }

    /** Cupid's bow: the upper lip peaks either side of the centre and dips in it. */
    private static double bow(double t) {
        double a = Math.abs(t);
        return 1 + 0.22 * Math.exp(-Math.pow((a - 0.28) / 0.14, 2)) - 0.18 * Math.exp(-Math.pow(t / 0.1, 2));
    }

    /** Folds, wrinkles and bulges the action units (and age) put in the skin. */
    private void creases() {
        double a1 = BROW_INNER_RAISE.of(au), a2 = BROW_OUTER_RAISE.of(au), a4 = BROW_LOWER.of(au), a6 = CHEEK_RAISE.of(au);
        double a9 = NOSE_WRINKLE.of(au), a10 = UPPER_LIP_RAISE.of(au), a12 = LIP_CORNER_PULL.of(au);
        // nasolabial folds from the nose wings to beyond the mouth corners
        double fold = Math.min(0.6, 0.08 + 0.3 * id.age + 0.55 * a12 + 0.45 * a10 + 0.35 * a9 + 0.2 * a6);
        double mw = id.mouthWidth * (1 + 0.2 * a12);
        for (int s = -1; s <= 1; s += 2) {
            double u0 = project(s * (id.noseWidth + 0.04), 0.95), v0 = id.noseLength - 0.03 + pitchShift(0.95);
            double u1 = project(s * (mw + 0.08), 0.75), v1 = id.mouthV + 0.1 - 0.05 * a12 + pitchShift(0.75);
            double ang = Math.atan2(v1 - v0, u1 - u0), half = Math.hypot(u1 - u0, v1 - v0) / 2;
            int side = s;
            marks.add(new Mark(Band.stroke((u0 + u1) / 2, (v0 + v1) / 2, ang, half, t -> -side * 0.035 * (1 - t * t),
                    t -> 0.012 * Math.sqrt(1 - t * t)), (float) fold, 0.02));
            // the cheek bulge above the fold (a highlight)
            double bulge = 0.12 * (a6 + 0.6 * a12);
            if (bulge > 0.01) marks.add(new Mark(new Ellipse(project(s * 0.5, 0.6), 0.42 - 0.05 * a6, 0.22, 0.15, 0), (float) -bulge, 0.12));
            // crow's feet at the outer eye corners
            if (a6 > 0.1) {
                double cu = project(s * (id.eyeSpacing + id.eyeSize + 0.05), 0.6), cv = id.eyeV + pitchShift(0.6);
                for (int j = -1; j <= 1; j++) {
                    marks.add(new Mark(Band.stroke(cu, cv + 0.03 * j, (s > 0 ? 0 : Math.PI) + 0.45 * j * s, 0.05, t -> 0, t -> 0.006),
                            (float) (0.3 * a6), 0.01));
                }
            }
        }
        // forehead lines (AU1, AU2) and the frown lines between the brows (AU4)
        double raise = Math.max(a1, a2);
        if (raise > 0.1) {
            double half = 0.3 + 0.3 * a2 / (a1 + a2 + 1e-9);
            for (int j = 0; j < 3; j++) {
                double v = id.browV - 0.2 - 0.09 * j + pitchShift(0.9);
                marks.add(new Mark(Band.stroke(project(0, 0.95), v, 0, half, t -> 0.03 * t * t, t -> 0.008 * Math.sqrt(1 - t * t)),
                        (float) (0.3 * raise * (0.6 + 0.4 * id.age)), 0.012));
            }
        }
        if (a4 > 0.1) {
            for (int s = -1; s <= 1; s += 2) {
                marks.add(new Mark(Band.stroke(project(s * 0.05, 0.9), id.browV + 0.05 + pitchShift(0.9), Math.PI / 2 + s * 0.15, 0.07,
                        t -> 0, t -> 0.007), (float) (0.4 * a4), 0.01));
            }
        }
    }

    private Shape[] hair(double W, double vc) {
        Identity.HairStyle st = id.hairStyle;
        if (st == Identity.HairStyle.BALD) return new Shape[4];
        double vol = st == Identity.HairStyle.BUZZ ? 0.02 : id.hairVolume;
        boolean longish = st == Identity.HairStyle.MEDIUM || st == Identity.HairStyle.LONG || st == Identity.HairStyle.BANGS;
        double sideburn = id.eyeV + (longish ? 0.6 : 0.2), hl = id.hairline, half = W + vol + 0.05;
        Shape capEllipse = new Ellipse(crownU, vc, W + vol, vc - headTop + vol, 0);
        Band line = Band.of(crownU, 0, 0, half, t -> -5, t -> {
            double u = Math.abs(t * half), inner = hl + 0.2 * u * u;
            return inner + (sideburn - inner) * smooth(0.6 * W, 0.9 * W, u);
        });
        Shape cap = new Intersect(capEllipse, line);
        Shape back = null;
        if (longish) {
            double length = st == Identity.HairStyle.MEDIUM ? id.chin - 0.3 : id.hairLength;
            double top = headTop - vol;
            back = new Profile(top, length, v -> crownU, v -> {
                double w = v < vc ? (W + vol) * Math.sqrt(Math.max(0, 1 - Math.pow((v - vc) / (vc - top), 2)))
                        : (W + vol) * (1 + 0.08 * (v - vc));
                return w * roundEnd(v, length, 0.3);
            });
        }
        Shape fringe = null;
        if (st == Identity.HairStyle.BANGS) {
            double phase = id.hairLength * 7;
            fringe = new Intersect(capEllipse, Band.of(crownU, hl, 0, 0.85 * W, t -> -0.2,
                    t -> (id.browV - 0.13 - hl) + 0.04 * Math.abs(Math.sin(9 * t + phase)) - 0.06 * t * t));
        }
        Shape bunShape = st == Identity.HairStyle.BUN ? new Ellipse(crownU, headTop - vol - 0.12, 0.32, 0.24, 0) : null;
        return new Shape[] {back, cap, fringe, bunShape};
    }

    private Shape beard() {
        if (id.beard == Identity.Beard.NONE) return null;
        double top = id.noseLength + 0.1, sides = id.eyeV + 0.45;
        if (id.beard == Identity.Beard.MOUSTACHE) {
            return Band.of(project(0, 0.95), id.mouthV - 0.1, 0, id.mouthWidth * 1.05, t -> -0.06 * (1 - t * t) - 0.01, t -> 0.025 + 0.04 * t * t);
        }
        return new Intersect(head, Band.of(outlineCentre(1), 0, 0, id.faceWidth + 0.1, t -> {
            double a = Math.abs(t);
            return top + (sides - top) * smooth(0.25, 0.7, a);
        }, t -> 5));
    }

    private Shape lens(int side) {
        double z = 0.75;
        return new Ellipse(project(side * id.eyeSpacing, z), id.eyeV + pitchShift(z) + 0.015, lensHalf(side), id.roundGlasses ? 0.17 : 0.13, 0);
    }

    private double lensHalf(int side) {
        return (id.roundGlasses ? 0.2 : 0.26) * foreshorten(side * id.eyeSpacing, 0.75);
    }

    private Shape temple(int side, double y) {
        double from = project(side * id.eyeSpacing, 0.75) + side * lensHalf(side);
        double to = outlineCentre(0) + side * (id.faceWidth + 0.02);
        if (side * (to - from) <= 0.02) return null;
        return Band.stroke((from + to) / 2, y, 0, Math.abs(to - from) / 2, t -> 0, t -> 0.011);
    }

    // =========================================================================================
    // Helpers
    // =========================================================================================

    /** A band built for the image-right feature, mirrored when the feature is on the left. */
    private static Band sided(Band right, int side) { return side > 0 ? right : right.mirrored(); }

    static double smooth(double a, double b, double x) {
        double t = clamp01((x - a) / (b - a));
        return t * t * (3 - 2 * t);
    }

    static double clamp01(double x) { return x < 0 ? 0 : x > 1 ? 1 : x; }

    /** 1, falling to 0 over the last r units before end (a rounded end). */
    private static double roundEnd(double v, double end, double r) {
        double d = (v - (end - r)) / r;
        return d <= 0 ? 1 : Math.sqrt(Math.max(0, 1 - d * d));
    }
}
