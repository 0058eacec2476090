package facet.train.report;

import facet.tensor.Device;
import facet.tensor.Tensor;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's image figures: Fig. 4 (what the mask-weight block looks at), Fig. 5
 * (reconstructions) and Fig. 7 (Grad-CAM per stage). Faces come as (B, 3, H, W) tensors with
 * their normalisation; maps as {@link Heat}s. Faces are shown at {@link #CELL} pixels.
 *
 * <pre>{@code
 * // Fig. 4: attention[b] = A (Eq. 3) averaged over heads and queries, one value per patch; w[b] in [0, 1]
 * FaceFigures.fig4(run.resolve("fig4-attention.png"), faces, Images.Norm.IMAGENET, attention, w);
 * // Fig. 5: mask (B, Np), 0 keep 1 remove, the same patches for both models
 * FaceFigures.fig5(run.resolve("fig5-reconstruction.png"), faces, mask, reconMae, reconEsgm, Images.Norm.IMAGENET);
 * // Fig. 7: camSingle[b][s] and camProgressive[b][s], the Grad-CAM map of stage s + 1 for face b
 * FaceFigures.fig7(run.resolve("fig7-gradcam.png"), faces, Images.Norm.IMAGENET, camSingle, camProgressive, "", "");
 * }</pre>
 */
public final class FaceFigures {
    private FaceFigures() {}

    public static final int CELL = 128;

    /**
     * Fig. 4: a row of faces, a row with the mask-weight block's attention over each (scaled to
     * its own maximum, smooth), a row with w per patch (absolute, [0, 1], flat blocks).
     * attention[b], weights[b]: Np values per face, a square patch grid.
     */
    public static void fig4(Path png, Tensor faces, Images.Norm norm, float[][] attention, float[][] weights) throws IOException {
        List<BufferedImage> imgs = Images.fromBatch(faces, norm);
        requireCount("fig4 attention", attention.length, imgs.size());
        requireCount("fig4 weights", weights.length, imgs.size());
        List<BufferedImage> att = new ArrayList<>(), w = new ArrayList<>();
        for (int b = 0; b < imgs.size(); b++) {
            att.add(Heat.patches(scaledToMax(attention[b])).overlay(imgs.get(b), Heat.Scale.UNIT, true));
            w.add(Heat.patches(weights[b]).overlay(imgs.get(b), Heat.Scale.UNIT, false));
        }
        ImageGrid.write(png, "ESGM: where the mask-weight block looks (Fig. 4)", List.of(), List.of(
                new ImageGrid.Row("input", imgs),
                new ImageGrid.Row("attention A\n(/ its max)", att),
                new ImageGrid.Row("mask weight w\nper patch", w)),
            CELL, Heat.Scale.UNIT.labelled("w, and A / max A"));
    }

    /**
     * Fig. 5: rows of originals, the masked input (mask (B, Np): 1 = removed, painted grey), the
     * reconstruction by the random-masking model and by the ESGM model, from the same mask.
     */
    public static void fig5(Path png, Tensor originals, Tensor mask, Tensor reconRandom, Tensor reconEsgm, Images.Norm norm)
            throws IOException {
        List<BufferedImage> orig = Images.fromBatch(originals, norm);
        List<BufferedImage> rand = Images.fromBatch(reconRandom, norm), esgm = Images.fromBatch(reconEsgm, norm);
        requireCount("fig5 random-masking reconstructions", rand.size(), orig.size());
        requireCount("fig5 ESGM reconstructions", esgm.size(), orig.size());
        mask.requireDim("fig5 mask", 2, "(B, Np)");
        requireCount("fig5 mask rows", mask.size(0), orig.size());
        float[] m = mask.to(Device.CPU).contiguous().toFloatArray();
        int np = mask.size(1), grid = (int) Math.round(Math.sqrt(np));
        List<BufferedImage> masked = new ArrayList<>();
        for (int b = 0; b < orig.size(); b++) {
            float[] row = new float[np];
            System.arraycopy(m, b * np, row, 0, np);
            masked.add(Images.maskPatches(orig.get(b), row, grid));
        }
        ImageGrid.write(png, "Reconstructions from the same masked patches (Fig. 5)", List.of(), List.of(
                new ImageGrid.Row("original", orig),
                new ImageGrid.Row("masked input", masked),
                new ImageGrid.Row("random masking\n(MAE)", rand),
                new ImageGrid.Row("ESGM", esgm)),
            CELL, null);
    }

    /**
     * Fig. 7: for each face, a row with single decoupling and a row with progressive decoupling;
     * columns: the face, then the Grad-CAM map of stages 1..S over it (each map stretched to its
     * own range, as Grad-CAM's scale differs per stage). single[b][s], progressive[b][s]; each
     * note, when not empty, goes under its rows' label (the title has no room for it).
     */
    public static void fig7(Path png, Tensor faces, Images.Norm norm, Heat[][] single, Heat[][] progressive, String singleNote,
                            String progressiveNote) throws IOException {
        List<BufferedImage> imgs = Images.fromBatch(faces, norm);
        requireCount("fig7 single-decoupling maps", single.length, imgs.size());
        requireCount("fig7 progressive-decoupling maps", progressive.length, imgs.size());
        int stages = single.length == 0 ? 0 : single[0].length;
        List<String> cols = new ArrayList<>(List.of("face"));
        for (int s = 1; s <= stages; s++) cols.add("stage " + s);
        List<ImageGrid.Row> rows = new ArrayList<>();
        Heat.Scale scale = Heat.Scale.perMap("Grad-CAM (per map)");
        for (int b = 0; b < imgs.size(); b++) {
            String face = imgs.size() > 1 ? "face " + (b + 1) + "\n" : "";
            rows.add(row(face + "single" + (singleNote.isEmpty() ? "" : "\n" + singleNote), imgs.get(b), single[b], stages, scale));
            rows.add(row(face + "progressive" + (progressiveNote.isEmpty() ? "" : "\n" + progressiveNote), imgs.get(b), progressive[b], stages, scale));
        }
        ImageGrid.write(png, "Grad-CAM per stage: single vs progressive decoupling (Fig. 7)", cols, rows, CELL, scale);
    }

    private static ImageGrid.Row row(String label, BufferedImage face, Heat[] maps, int stages, Heat.Scale scale) {
        requireCount("fig7 stages of '" + label.replace('\n', ' ') + "'", maps.length, stages);
        List<BufferedImage> cells = new ArrayList<>(List.of(face));
        for (Heat h : maps) cells.add(h.overlay(face, scale, true));
        return new ImageGrid.Row(label, cells);
    }

    private static float[] scaledToMax(float[] v) {
        float max = 0;
        for (float x : v) max = Math.max(max, x);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) out[i] = max > 0 ? v[i] / max : 0;
        return out;
    }

    private static void requireCount(String what, int got, int faces) {
        if (got != faces) throw new IllegalArgumentException(what + ": " + got + " given for " + faces + " faces");
    }
}
