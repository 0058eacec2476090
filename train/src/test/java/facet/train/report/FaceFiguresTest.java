package facet.train.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import facet.tensor.Tensor;
import facet.train.data.Example;
import facet.train.data.FacePart;
import facet.train.data.synth.Domain;
import facet.train.data.synth.SyntheticFaces;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image figures on synthetic faces, with maps derived from their parsing maps. */
class FaceFiguresTest {
    @TempDir Path temp;

    static final int B = 8, S = 64, P = 8, G = S / P; // 8 faces of 64x64, 8x8 patches of 8 px
    static final Set<FacePart> EXPRESSIVE = EnumSet.of(FacePart.NOSE, FacePart.L_EYE, FacePart.R_EYE, FacePart.L_BROW,
        FacePart.R_BROW, FacePart.MOUTH, FacePart.U_LIP, FacePart.L_LIP);

    final SyntheticFaces faces = new SyntheticFaces(Domain.CELEBAMASK, "all", B, 3, S, S);

    Tensor batch() {
        float[] all = new float[B * 3 * S * S];
        for (int b = 0; b < B; b++) System.arraycopy(faces.get(b).image().data, 0, all, b * 3 * S * S, 3 * S * S);
        return Tensor.of(all, B, 3, S, S);
    }

    /** Per patch: the share of its pixels on an expressive part (a stand-in for w, Eq. 5). */
    float[][] expressiveShare() {
        float[][] w = new float[B][G * G];
        for (int b = 0; b < B; b++) {
            Example e = faces.get(b);
            for (int y = 0; y < S; y++) for (int x = 0; x < S; x++) {
                if (EXPRESSIVE.contains(FacePart.of(e.parsing().ids[y * S + x]))) w[b][(y / P) * G + x / P] += 1f / (P * P);
            }
        }
        return w;
    }

    @Test
    void fig4HasThreeRowsOfEightFacesAndAColourBar() throws Exception {
        float[][] w = expressiveShare(), attention = new float[B][];
        for (int b = 0; b < B; b++) attention[b] = w[b].clone();
        for (float[] a : attention) for (int k = 0; k < a.length; k++) a[k] = a[k] * a[k] * 3 + 0.05f; // any positive map
        Path png = PngCheck.dir(temp).resolve("fig4.png");
        FaceFigures.fig4(png, batch(), Images.Norm.UNIT, attention, w);
        BufferedImage img = PngCheck.read(png, -1, -1, 2000);
        assertTrue(img.getWidth() > B * FaceFigures.CELL && img.getHeight() > 3 * FaceFigures.CELL, img.getWidth() + "x" + img.getHeight());
        assertThrows(IllegalArgumentException.class, () -> FaceFigures.fig4(png, batch(), Images.Norm.UNIT, new float[B - 1][], w));
    }

    @Test
    void fig5PaintsMaskedPatchesGrey() throws Exception {
        Tensor x = batch();
        float[] m = new float[B * G * G];
        float[][] w = expressiveShare();
        for (int b = 0; b < B; b++) for (int k = 0; k < G * G; k++) m[b * G * G + k] = w[b][k] > 0.2f ? 1 : 0;
        Tensor blurry = x.mul(0.7).add(0.15); // stand-ins for the two reconstructions
        Path png = PngCheck.dir(temp).resolve("fig5.png");
        FaceFigures.fig5(png, x, Tensor.of(m, B, G * G), blurry, x, Images.Norm.UNIT);
        PngCheck.read(png, -1, -1, 2000);
        // the masked-input helper paints exactly the masked patches
        BufferedImage face = Images.fromBatch(x, Images.Norm.UNIT).getFirst();
        float[] one = new float[G * G];
        one[G + 2] = 1; // patch (1, 2)
        BufferedImage masked = Images.maskPatches(face, one, G);
        assertEquals(0x808080, masked.getRGB(2 * P + 3, P + 3) & 0xFFFFFF);
        assertEquals(face.getRGB(0, 0), masked.getRGB(0, 0));
    }

    @Test
    void fig7HasTwoRowsPerFaceAndFourStages() throws Exception {
        int faces = 2;
        Heat[][] single = new Heat[faces][4], progressive = new Heat[faces][4];
        float[][] w = expressiveShare();
        for (int b = 0; b < faces; b++) {
            for (int s = 0; s < 4; s++) {
                int side = 16 >> s; // 16, 8, 4, 2: the stages' grids
                float[] vs = new float[side * side], vp = new float[side * side];
                for (int y = 0; y < side; y++) for (int x = 0; x < side; x++) {
                    float e = w[b][(y * G / side) * G + x * G / side];
                    vp[y * side + x] = e;
                    vs[y * side + x] = (float) Math.exp(-((x - side / 2.0) * (x - side / 2.0) + y * y) / (side * side / 4.0));
                }
                single[b][s] = new Heat(vs, side, side);
                progressive[b][s] = new Heat(vp, side, side);
            }
        }
        Path png = PngCheck.dir(temp).resolve("fig7.png");
        FaceFigures.fig7(png, batch().narrow(0, 0, faces), Images.Norm.UNIT, single, progressive, "", "");
        BufferedImage img = PngCheck.read(png, -1, -1, 2000);
        assertTrue(img.getWidth() > 5 * FaceFigures.CELL && img.getHeight() > 2 * faces * FaceFigures.CELL, img.getWidth() + "x" + img.getHeight());
    }

    @Test
    void normalisedPixelsAreUndone() {
        Images.Norm n = Images.Norm.IMAGENET;
        float[] chw = new float[3];
        for (int c = 0; c < 3; c++) chw[c] = (0.5f - n.mean()[c]) / n.std()[c]; // a mid-grey pixel, normalised
        assertEquals(0x808080, Images.fromChw(chw, 3, 1, 1, n).getRGB(0, 0) & 0xFFFFFF);
        assertEquals(0xFFFFFF, Images.fromChw(new float[] {2f}, 1, 1, 1, Images.Norm.UNIT).getRGB(0, 0) & 0xFFFFFF, "clipped to white");
    }

    @Test
    void heatOverlayIsViridisOverGrey() {
        BufferedImage black = Images.fromChw(new float[3 * 4], 3, 2, 2, Images.Norm.UNIT);
        BufferedImage hot = new Heat(new float[] {1, 1, 1, 1}, 2, 2).overlay(black, Heat.Scale.UNIT, false);
        int yellow = Viridis.rgb(1), got = hot.getRGB(0, 0) & 0xFFFFFF;
        // 60 % viridis yellow over black
        assertEquals(Math.round(0.6 * (yellow >> 16)), got >> 16, "red of " + Integer.toHexString(got));
        assertEquals(Math.round(0.6 * (yellow >> 8 & 0xFF)), got >> 8 & 0xFF, "green of " + Integer.toHexString(got));
    }
}
