package facet.train.data.synth;

import facet.train.data.Rng;

/**
 * One person: face shape and proportions, colouring, hair, glasses, beard, accessories and a
 * resting expression (some faces look a little sad or stern at rest). Drawn once per identity
 * id from the domain's {@link Population}; every sample of that id shows the same person.
 * Lengths are in face units (half the face's width).
 */
final class Identity {
    /** Skin colours, very light to dark (sRGB, 0..1). */
    static final float[][] SKIN = {{0.97f, 0.82f, 0.72f}, {0.93f, 0.75f, 0.62f}, {0.90f, 0.74f, 0.57f}, {0.78f, 0.58f, 0.42f},
            {0.58f, 0.40f, 0.28f}, {0.37f, 0.24f, 0.16f}};
    /** Hair colours: black, dark brown, brown, blond, red, grey. */
    static final float[][] HAIR = {{0.07f, 0.06f, 0.06f}, {0.19f, 0.12f, 0.08f}, {0.38f, 0.25f, 0.15f}, {0.80f, 0.66f, 0.42f},
            {0.55f, 0.24f, 0.11f}, {0.66f, 0.65f, 0.63f}};

    enum HairStyle { BALD, BUZZ, SHORT, MEDIUM, LONG, BANGS, BUN }

    enum Beard { NONE, STUBBLE, FULL, MOUSTACHE }

    // ---- shape -------------------------------------------------------------------------------
    final double faceWidth, crown, chin, jawWidth, jawPower, neckWidth;
    final double eyeSpacing, eyeV, eyeSize, eyeOpen, eyeTilt, irisScale;
    final double browU, browV, browThick, browArch, browLength;
    final double noseLength, noseWidth, mouthV, mouthWidth, upperLip, lowerLip, earSize;
    // ---- colour ------------------------------------------------------------------------------
    final float[] skin, hair, iris, lips, cloth, brows;
    final boolean female;
    final double age;
    // ---- hair and accessories ----------------------------------------------------------------
    final HairStyle hairStyle;
    final double hairline, hairVolume, hairLength;
    final Beard beard;
    final int glasses; // 0 none, 1 clear, 2 tinted
    final float[] glassesFrame;
    final boolean roundGlasses, hat, earrings, necklace, makeup;
    final float[] hatColour;
    /** Activation per action unit at rest. */
    final double[] resting;

    Identity(Population pop, Rng r) {
        female = r.chance(pop.female());
        age = clamp(r.normal(pop.ageMean(), 0.2), 0, 1);
        double m = female ? 0 : 1;
        faceWidth = r.uniform(0.92, 1.06) + 0.03 * m;
        crown = -r.uniform(1.42, 1.58);
        chin = r.uniform(1.36, 1.55) + 0.04 * m;
        jawWidth = r.uniform(0.78, 0.92) + 0.06 * m;
        jawPower = r.uniform(1.8, 2.6) + r.uniform(0, 1.0) * m;
        neckWidth = r.uniform(0.42, 0.52) + 0.08 * m;
        eyeSpacing = r.uniform(0.41, 0.49);
        eyeV = r.normal(0, 0.025);
        eyeSize = r.uniform(0.17, 0.22) + 0.01 * (1 - m);
        eyeOpen = r.uniform(0.055, 0.085);
        eyeTilt = r.normal(0.01, 0.018);
        irisScale = r.uniform(0.9, 1.1);
        browU = eyeSpacing + r.uniform(0.0, 0.04);
        browV = eyeV - r.uniform(0.29, 0.37);
        browThick = r.uniform(0.035, 0.055) + 0.015 * m;
        browArch = r.uniform(0.015, 0.07);
        browLength = r.uniform(0.25, 0.31);
        noseLength = r.uniform(0.5, 0.64) + 0.03 * m;
        noseWidth = r.uniform(0.15, 0.2) + 0.02 * m;
        mouthV = noseLength + r.uniform(0.33, 0.42);
        mouthWidth = r.uniform(0.36, 0.46);
        upperLip = r.uniform(0.045, 0.075) + 0.01 * (1 - m);
        lowerLip = r.uniform(0.065, 0.1) + 0.01 * (1 - m);
        earSize = r.uniform(0.9, 1.1);

        skin = mixPalette(SKIN, r.pick(pop.skinTones()), r);
        int hc = age > 0.75 && r.chance(0.6) ? 5 : r.pick(pop.hairColours());
        hair = jitter(HAIR[hc], 0.03, r);
        brows = hc == 3 || hc == 5 ? scale(hair, 0.55f) : scale(hair, 0.85f);
        iris = r.chance(0.7) ? jitter(new float[] {0.25f, 0.15f, 0.08f}, 0.05, r) : jitter(new float[] {0.3f, 0.42f, 0.5f}, 0.06, r);
        makeup = female && r.chance(pop.makeup());
        float[] lipBase = {skin[0] * 0.78f, skin[1] * 0.45f, skin[2] * 0.47f};
        lips = makeup ? jitter(new float[] {0.62f, 0.16f, 0.2f}, 0.05, r) : jitter(lipBase, 0.03, r);
        cloth = new float[] {(float) r.uniform(0.05, 0.9), (float) r.uniform(0.05, 0.9), (float) r.uniform(0.05, 0.9)};

        double[] styles = female ? new double[] {0.01, 0.02, 0.12, 0.3, 0.35, 0.12, 0.08} : new double[] {0.08, 0.2, 0.5, 0.15, 0.04, 0.02, 0.01};
        hairStyle = HairStyle.values()[r.pick(styles)];
        double recede = r.uniform(0, 0.25); // men's hairlines recede with age
        hairline = browV - r.uniform(0.5, 0.72) - (age > 0.6 && !female ? recede : 0);
        hairVolume = r.uniform(0.05, 0.18);
        hairLength = r.uniform(1.6, 2.6);
        Beard b = Beard.NONE;
        if (!female && r.chance(pop.beard())) b = Beard.values()[1 + r.below(3)];
        beard = b;
        glasses = r.chance(pop.glasses()) ? (r.chance(0.15) ? 2 : 1) : 0;
        glassesFrame = r.chance(0.5) ? new float[] {0.08f, 0.08f, 0.09f} : jitter(new float[] {0.45f, 0.3f, 0.2f}, 0.1, r);
        roundGlasses = r.chance(0.4);
        hat = r.chance(pop.hat());
        hatColour = new float[] {(float) r.uniform(0.05, 0.8), (float) r.uniform(0.05, 0.8), (float) r.uniform(0.05, 0.8)};
        earrings = female && r.chance(0.35);
        necklace = r.chance(female ? 0.25 : 0.05);

        resting = new double[ActionUnit.COUNT];
        if (r.chance(0.35)) resting[ActionUnit.LIP_CORNER_DEPRESS.ordinal()] = r.uniform(0.04, 0.18);
        else if (r.chance(0.3)) resting[ActionUnit.LIP_CORNER_PULL.ordinal()] = r.uniform(0.04, 0.16);
        if (r.chance(0.3)) resting[ActionUnit.BROW_LOWER.ordinal()] = r.uniform(0.04, 0.18);
        if (r.chance(0.2)) resting[ActionUnit.BROW_INNER_RAISE.ordinal()] = r.uniform(0.04, 0.16);
        if (r.chance(0.2)) resting[ActionUnit.LID_DROOP.ordinal()] = r.uniform(0.04, 0.2);
    }

    /** A palette entry blended toward a neighbour, then jittered. */
    private static float[] mixPalette(float[][] palette, int k, Rng r) {
        int other = Math.max(0, Math.min(palette.length - 1, k + (r.chance(0.5) ? 1 : -1)));
        float f = (float) r.uniform(0, 0.5);
        float[] c = new float[3];
        for (int i = 0; i < 3; i++) c[i] = palette[k][i] * (1 - f) + palette[other][i] * f;
        return jitter(c, 0.025, r);
    }

    static float[] jitter(float[] c, double sd, Rng r) {
        float[] o = new float[3];
        for (int i = 0; i < 3; i++) o[i] = (float) clamp(c[i] + r.normal(0, sd), 0.02, 0.98);
        return o;
    }

    static float[] scale(float[] c, float f) { return new float[] {c[0] * f, c[1] * f, c[2] * f}; }

    static double clamp(double x, double lo, double hi) { return Math.max(lo, Math.min(hi, x)); }
}
