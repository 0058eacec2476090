package facet.train.experiment;

import facet.autograd.NoGrad;
import facet.esgm.MaskedAutoencoder;
import facet.esgm.Masking;
import facet.tensor.Device;
import facet.tensor.Tensor;
import facet.train.data.FaceDataset;
import facet.train.data.loader.Batch;
import facet.train.data.loader.Loader;
import facet.train.report.FaceFigures;
import facet.train.report.ImageGrid;
import facet.train.report.Images;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pre-training run's figures on the first held-out faces: Fig. 4 (the mask-weight block's
 * attention and w over each face) and Fig. 5 (reconstructions from this run's masks; beside a
 * second model's from the very same masks when one is given, as the paper compares MAE and ESGM).
 */
public final class PretrainFigures {
    private PretrainFigures() {}

    public static final String FIG4 = "fig4-attention.png", FIG5 = "fig5-reconstruction.png";
    static final int FACES = 8;

    /** Writes both figures into dir; compare: a random-masking (MAE) model to reconstruct the same masked faces, or null. */
    public static void write(Path dir, MaskedAutoencoder model, FaceDataset heldOut, Masking masking, Device device, MaskedAutoencoder compare) {
        Tensor faces = faces(heldOut, device);
        try (var ng = NoGrad.enter()) {
            boolean wasTraining = model.isTraining();
            model.eval();
            MaskedAutoencoder.Encoded enc = model.forwardEncoder(faces, null, masking);
            FaceFigures.fig4(dir.resolve(FIG4), faces, Experiment.NORM, rows(enc.weights().attentionPerPatch()), rows(enc.weights().w().data()));
            Masking replay = Masking.fixed(masking.kind(), enc.masks());
            Tensor mine = reconstruct(model, faces, replay);
            if (compare != null) {
                FaceFigures.fig5(dir.resolve(FIG5), faces, enc.masks().mask(), reconstruct(compare, faces, replay), mine, Experiment.NORM);
            } else {
                fig5Alone(dir.resolve(FIG5), faces, enc.masks().mask(), mine, masking.name());
            }
            if (wasTraining) model.train();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pre-training figures in " + dir, e);
        }
    }

    /** The first FACES held-out faces, normalised as the model saw its inputs. */
    static Tensor faces(FaceDataset heldOut, Device device) {
        try (Loader loader = Loader.over(heldOut).batchSize(Math.min(FACES, heldOut.size())).shuffle(false).workers(0)
                .transform(Experiment.normalize()).build()) {
            Batch b = loader.epoch(0).iterator().next();
            return b.images().to(device);
        }
    }

    /** model's reconstruction (B, 3, H, W) of faces with the masks replay gives (another model's, maybe: a {@link Masking#fixed}). */
    static Tensor reconstruct(MaskedAutoencoder model, Tensor faces, Masking replay) {
        boolean wasTraining = model.isTraining();
        model.eval();
        MaskedAutoencoder.Output out = model.forward(faces, null, replay);
        if (wasTraining) model.train();
        return model.reconstruction(faces, out.pred().data());
    }

    private static void fig5Alone(Path png, Tensor faces, Tensor mask, Tensor recon, String masking) throws IOException {
        List<BufferedImage> orig = Images.fromBatch(faces, Experiment.NORM), rec = Images.fromBatch(recon, Experiment.NORM);
        float[][] m = rows(mask);
        int grid = (int) Math.round(Math.sqrt(m[0].length));
        List<BufferedImage> masked = new ArrayList<>();
        for (int b = 0; b < orig.size(); b++) masked.add(Images.maskPatches(orig.get(b), m[b], grid));
        ImageGrid.write(png, "Reconstructions from " + masking + " masking (Fig. 5; the demo adds the other model's row)", List.of(), List.of(
                new ImageGrid.Row("original", orig), new ImageGrid.Row("masked input", masked), new ImageGrid.Row(masking + "\nmodel", rec)),
            FaceFigures.CELL, null);
    }

    /** (B, N) on any device -> B rows of N floats. */
    static float[][] rows(Tensor t) {
        float[] all = t.to(Device.CPU).contiguous().toFloatArray();
        int b = t.size(0), n = t.size(1);
        float[][] out = new float[b][n];
        for (int i = 0; i < b; i++) System.arraycopy(all, i * n, out[i], 0, n);
        return out;
    }
}
