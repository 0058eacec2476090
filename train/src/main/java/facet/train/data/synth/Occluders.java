package facet.train.data.synth;

import facet.train.data.FacePart;
import facet.train.data.Rng;
import facet.train.data.synth.Shape.Band;
import facet.train.data.synth.Shape.Ellipse;

/**
 * Things in front of the face, as in-the-wild photos have them: a hand at the mouth or cheek,
 * a cup or phone, a microphone, a bar (a shoulder, a scarf) across the lower face. Occluded
 * pixels become background in the parsing map: the part is not visible there.
 */
final class Occluders {
    private Occluders() {}

    static final int KINDS = 4;

    static void paint(Canvas c, int kind, Rng r) {
        int bg = FacePart.BACKGROUND.ordinal();
        switch (kind) {
            case 0 -> { // a hand: palm and four fingers, skin of any tone
                float[] skin = Identity.SKIN[r.below(Identity.SKIN.length)];
                double u = r.uniform(-0.7, 0.7), v = r.uniform(1.15, 1.7), ang = r.uniform(-0.6, 0.6);
                Shape palm = new Ellipse(u, v, 0.38, 0.3, ang);
                c.fill(palm, skin[0] * 0.85f, skin[1] * 0.85f, skin[2] * 0.85f, bg, 0);
                for (int f = 0; f < 4; f++) {
                    double a = ang - Math.PI / 2 + (f - 1.5) * 0.28;
                    double fu = u + 0.42 * Math.cos(a), fv = v + 0.42 * Math.sin(a);
                    Shape finger = new Ellipse(fu, fv, 0.3, 0.07, a);
                    c.fill(finger, skin[0] * 0.88f, skin[1] * 0.88f, skin[2] * 0.88f, bg, 0);
                    c.shade(new Ellipse(fu, fv, 0.3, 0.075, a), 0.9f, 1.5);
                }
            }
            case 1 -> { // a cup or phone: a rotated rectangle
                float[] col = {(float) r.uniform(0, 1), (float) r.uniform(0, 1), (float) r.uniform(0, 1)};
                double w = r.uniform(0.2, 0.4), h = r.uniform(0.35, 0.7);
                Band box = Band.of(r.uniform(-0.8, 0.8), r.uniform(1.1, 1.7), r.uniform(-0.4, 0.4) + Math.PI / 2, h, t -> -w, t -> w);
                c.fill(box, col[0], col[1], col[2], bg, 0);
            }
            case 2 -> { // a microphone: head and handle
                double u = r.uniform(-0.5, 0.5), v = r.uniform(1.2, 1.5);
                Band handle = Band.of(u, v + 0.6, Math.PI / 2 + r.uniform(-0.3, 0.3), 0.55, t -> -0.06, t -> 0.06);
                c.fill(handle, 0.1f, 0.1f, 0.1f, bg, 0);
                c.fill(Ellipse.circle(u, v, 0.2), 0.3f, 0.3f, 0.32f, bg, 0);
            }
            default -> { // a bar across a lower corner
                float g = (float) r.uniform(0.05, 0.8);
                double side = r.chance(0.5) ? -1 : 1;
                Band bar = Band.of(side * r.uniform(0.6, 1.1), r.uniform(1.0, 1.6), side * r.uniform(0.4, 1.0), 1.6, t -> -0.25, t -> 0.25);
                c.fill(bar, g, g * (float) r.uniform(0.8, 1.2), g * (float) r.uniform(0.8, 1.2), bg, 0);
            }
        }
    }
}
