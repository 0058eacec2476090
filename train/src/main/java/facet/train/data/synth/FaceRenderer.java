package facet.train.data.synth;

import facet.train.data.FacePart;
import facet.train.data.Rng;
import facet.train.data.synth.Shape.Ellipse;

/**
 * Paints a {@link FaceRig} into a {@link Canvas}, back to front: backdrop, long hair, clothes,
 * neck, ears, head, beard, creases, nose, eyes, brows, mouth, front hair, hat, glasses,
 * occluder. Skin, hair and clothes are lit by the scene's light; each painted part writes its
 * CelebAMask-HQ id into the parsing map where it is visible.
 */
final class FaceRenderer {
    private FaceRenderer() {}

    private static final float[] SCLERA = {0.93f, 0.91f, 0.88f}, PUPIL = {0.03f, 0.03f, 0.04f}, GLINT = {1f, 1f, 1f};
    private static final float[] MOUTH_INSIDE = {0.22f, 0.05f, 0.06f}, TEETH = {0.93f, 0.9f, 0.83f}, LASHES = {0.06f, 0.05f, 0.05f};
    private static final float[] GOLD = {0.85f, 0.68f, 0.3f}, SILVER = {0.8f, 0.8f, 0.82f};
    /** Glasses lenses must not relabel what shows through them. */
    private static final int BEHIND_LENS = 1 << FacePart.L_EYE.ordinal() | 1 << FacePart.R_EYE.ordinal()
            | 1 << FacePart.L_BROW.ordinal() | 1 << FacePart.R_BROW.ordinal();

    static Canvas render(Identity id, double[] au, Scene sc, int width, int height, double renderScale) {
        Canvas c = new Canvas(width, height, sc.cx() * renderScale, sc.cy() * renderScale, sc.ppu() * renderScale, sc.roll());
        Backdrop.paint(c, sc.backdrop(), Rng.of(sc.seed(), 1));
        FaceRig rig = new FaceRig(id, au, sc.yaw(), sc.pitch());
        double ppu = c.ppu();
        Light light = sc.light();
        Light head = light.on(Math.sin(sc.yaw()) * 0.35, 0.1, id.faceWidth * 1.05, 1.7);
        Light hairLight = light.on(rig.crownU, 0, id.faceWidth + 0.3, 2.0);

        if (rig.hairBack != null) c.fillHair(rig.hairBack, dim(id.hair, 0.8f), hairLight, rig.crownU, rig.crownV, 0.3f, id(FacePart.HAIR), 0);
        c.fillLit(rig.cloth, id.cloth, light.on(0, rig.chin + 1.5, 2.2, 1.6), 0.06f, id(FacePart.CLOTH));
        c.fillLit(rig.neck, id.skin, light.on(0, rig.chin + 0.5, id.neckWidth * 1.4, 1.4).dimmed(0.78), 0.03f, id(FacePart.NECK));
        c.shade(new Ellipse(Math.sin(sc.yaw()) * 0.2, rig.chin + 0.12, id.neckWidth * 1.3, 0.22, 0), 0.72f, 0.12 * ppu);
        if (rig.necklace != null) c.fill(rig.necklace, id.female ? GOLD : SILVER, id(FacePart.NECK_L));
        ear(c, rig.earL, FacePart.L_EAR, id, head);
        ear(c, rig.earR, FacePart.R_EAR, id, head);
        if (rig.earringL != null) c.fill(rig.earringL, GOLD, id(FacePart.EAR_R));
        if (rig.earringR != null) c.fill(rig.earringR, GOLD, id(FacePart.EAR_R));

        c.fillLit(rig.head, id.skin, head, 0.035f, id(FacePart.SKIN));
        if (rig.beard != null) {
            if (id.beard == Identity.Beard.STUBBLE) c.tint(rig.beard, id.hair, 0.3f, 0.2 * ppu);
            else c.fillHair(rig.beard, id.hair, head, 0, id.mouthV, 0.25f, -1, 0);
        }
        for (FaceRig.Mark m : rig.marks) c.shade(m.shape(), 1 - m.depth(), Math.max(1, m.soft() * ppu));
        if (id.makeup) {
            c.tint(rig.eyeL.socket(), dim(id.lips, 0.7f), 0.25f, 0.05 * ppu);
            c.tint(rig.eyeR.socket(), dim(id.lips, 0.7f), 0.25f, 0.05 * ppu);
        }
        c.shade(rig.eyeL.socket(), 0.9f, 0.06 * ppu);
        c.shade(rig.eyeR.socket(), 0.9f, 0.06 * ppu);

        nose(c, rig.nose, id, head, sc.lightAzimuth(), ppu);
        eye(c, rig.eyeL, FacePart.L_EYE, id, head, ppu);
        eye(c, rig.eyeR, FacePart.R_EYE, id, head, ppu);
        c.fillHair(rig.browL, id.brows, head, 0, 0, 0.2f, id(FacePart.L_BROW), 0);
        c.fillHair(rig.browR, id.brows, head, 0, 0, 0.2f, id(FacePart.R_BROW), 0);
        mouth(c, rig.mouth, id, head, ppu);

        float[] hairColour = id.hairStyle == Identity.HairStyle.BUZZ ? mix(id.hair, id.skin, 0.45f) : id.hair;
        if (rig.hairCap != null) c.fillHair(rig.hairCap, hairColour, hairLight, rig.crownU, rig.crownV, 0.3f, id(FacePart.HAIR), 0);
        if (rig.bangs != null) c.fillHair(rig.bangs, hairColour, hairLight, rig.crownU, rig.crownV - 1, 0.3f, id(FacePart.HAIR), 0);
        if (rig.bun != null) c.fillHair(rig.bun, hairColour, hairLight, rig.crownU, rig.crownV - 1.5, 0.3f, id(FacePart.HAIR), 0);
        if (rig.hat != null) c.fillLit(rig.hat, id.hatColour, hairLight, 0.05f, id(FacePart.HAT));
        if (rig.lensL != null) glasses(c, rig, id);
        if (sc.occluder() >= 0) Occluders.paint(c, sc.occluder(), Rng.of(sc.seed(), 2));
        return c;
    }

    private static void ear(Canvas c, Shape ear, FacePart part, Identity id, Light head) {
        if (ear == null) return;
        c.fillLit(ear, dim(id.skin, 0.93f), head, 0.03f, id(part));
    }

    private static void nose(Canvas c, FaceRig.Nose n, Identity id, Light head, double lightAzimuth, double ppu) {
        c.fillLit(n.region(), id.skin, head, 0.03f, id(FacePart.NOSE));
        c.shade(lightAzimuth > 0 ? n.sideL() : n.sideR(), 0.85f, 0.06 * ppu);
        c.shade(n.tip(), 1.08f, 0.04 * ppu);
        c.shade(n.under(), 0.8f, 0.03 * ppu);
        c.shade(n.nostrilL(), 0.4f, 1.2);
        c.shade(n.nostrilR(), 0.4f, 1.2);
    }

    private static void eye(Canvas c, FaceRig.Eye e, FacePart part, Identity id, Light head, double ppu) {
        c.fillLit(e.opening(), SCLERA, head, 0.01f, id(part));
        c.fill(e.iris(), id.iris[0], id.iris[1], id.iris[2], -1, 0);
        c.fill(e.pupil(), PUPIL, -1);
        c.shade(e.opening(), 0.9f, 0.02 * ppu); // lid shadow along the rim
        c.fill(e.glint(), GLINT, -1);
        c.fill(e.lashes(), LASHES, -1);
        c.shade(e.lowerLid(), 0.8f, 1);
    }

    private static void mouth(Canvas c, FaceRig.Mouth m, Identity id, Light head, double ppu) {
        if (m.gap() > 0) {
            c.fill(m.inside(), MOUTH_INSIDE, id(FacePart.MOUTH));
            c.fillLit(m.teeth(), TEETH, head, 0.01f, id(FacePart.MOUTH));
        }
        c.fillLit(m.upperLip(), dim(id.lips, 0.9f), head, 0.04f, id(FacePart.U_LIP));
        c.fillLit(m.lowerLip(), id.lips, head, 0.04f, id(FacePart.L_LIP));
        c.shade(m.lipLine(), (float) (1 - m.lineDepth()), 1);
    }

    private static void glasses(Canvas c, FaceRig rig, Identity id) {
        int g = id(FacePart.EYE_G);
        float[] lens = id.glasses == 2 ? new float[] {0.08f, 0.08f, 0.1f} : new float[] {0.85f, 0.9f, 0.95f};
        float alpha = id.glasses == 2 ? 0.82f : 0.12f;
        for (Shape l : new Shape[] {rig.lensL, rig.lensR}) {
            c.tint(l, lens, alpha, 1);
            c.label(l, g, BEHIND_LENS);
        }
        float[] f = id.glassesFrame;
        for (Shape s : new Shape[] {rig.frameL, rig.frameR, rig.bridge, rig.templeL, rig.templeR}) if (s != null) c.fill(s, f, g);
    }

    private static int id(FacePart p) { return p.ordinal(); }

    static float[] dim(float[] c, float f) { return new float[] {c[0] * f, c[1] * f, c[2] * f}; }

    private static float[] mix(float[] a, float[] b, float t) {
        return new float[] {a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t};
    }
}
