package facet.train.experiment;

import facet.autograd.NoGrad;
import facet.autograd.Pool2d;
import facet.autograd.Variable;
import facet.nn.io.Checkpoint;
import facet.pded.GradCam;
import facet.pded.PdedModel;
import facet.tensor.Device;
import facet.tensor.Index;
import facet.tensor.Tensor;
import facet.train.data.FaceDataset;
import facet.train.data.Problems;
import facet.train.data.loader.Batch;
import facet.train.data.loader.Loader;
import facet.train.report.FaceFigures;
import facet.train.report.Health;
import facet.train.report.Heat;
import facet.train.report.TsneFigure;
import facet.train.run.Config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Figures of fine-tuned models: Fig. 6 (t-SNE of the domain features F_d^i each decoupler takes
 * out, for the source's test faces and a target's) and Fig. 7 (Grad-CAM of the true class at each
 * stage's output, single against progressive decoupling, on the same faces). A figure drawn from a
 * run that did not learn ({@link Health}, read from its results.csv) says so in its title, row
 * labels and caption: a map of a model that answers one class shows nothing about the method.
 */
public final class FinetuneFigures {
    private FinetuneFigures() {}

    public static final String FIG6 = "fig6-tsne.png", FIG7 = "fig7-gradcam.png";

    /** The words a figure of a model that did not learn carries. */
    static final String DID_NOT_LEARN = "model did not learn";

    /** Whether an evaluated run did not learn; false before its evaluation (nothing known to flag). */
    static boolean didNotLearn(Path runDir) {
        return Files.isRegularFile(runDir.resolve("results.csv")) && !TableMaker.read(runDir).health().learned();
    }

    /** Fig. 6's title and caption end: " (model did not learn)" when its run did not learn, else "". */
    public static String fig6Note(Path runDir) { return didNotLearn(runDir) ? " (" + DID_NOT_LEARN + ")" : ""; }

    /** Fig. 7's caption end: which of its two models did not learn ("" when both learned). */
    public static String fig7Note(Path singleRun, Path progressiveRun) {
        List<String> parts = new ArrayList<>();
        if (didNotLearn(singleRun)) parts.add("single: " + DID_NOT_LEARN);
        if (didNotLearn(progressiveRun)) parts.add("progressive: " + DID_NOT_LEARN);
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }

    /** A fine-tuning run's model with its trained weights, in eval mode, and its config. */
    record Loaded(PdedModel model, Config config, int size) {}

    static Loaded load(Path runDir, Device device) {
        Config c = Config.read(Finetuning.spec(), runDir.resolve("config.conf"));
        Finetuning.Built b = Finetuning.build(c, device, false);
        try {
            Checkpoint.load(runDir.resolve("checkpoint.safetensors"), b.model(), null, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the model of " + runDir, e);
        }
        b.model().eval();
        return new Loaded(b.model(), c, b.size());
    }

    /** Fig. 6 for a model with one decoupler per stage (progressive): perDomain faces of the source test split and of target. */
    public static void fig6(Path png, Path runDir, String target, int perDomain, Device device) {
        Loaded m = load(runDir, device);
        Data data = new Data(Path.of(m.config().s("cache")), m.size(), m.config().l("seed"), m.config().i("threads"), Problems.lenient());
        String source = m.config().s("source");
        List<List<Tensor>> parts = new ArrayList<>();   // [domain][stage] -> (n, C_i)
        for (String ref : List.of(source, target)) parts.add(domainFeatures(m.model(), data.test(ref, m.config().i("test_count")), perDomain, device));
        List<Tensor> stages = new ArrayList<>();
        for (int s = 0; s < parts.getFirst().size(); s++) stages.add(Index.cat(0, parts.get(0).get(s), parts.get(1).get(s)));
        int n0 = parts.get(0).getFirst().size(0), n1 = parts.get(1).getFirst().size(0);
        int[] domain = new int[n0 + n1];
        for (int i = n0; i < domain.length; i++) domain[i] = 1;
        try {
            TsneFigure.fig6(png, stages, domain, List.of(Data.label(source), Data.label(target)), m.config().l("seed"), fig6Note(runDir));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    /** Each F_d the forward produces, pooled over space: one (n, C) tensor per decoupler application. */
    private static List<Tensor> domainFeatures(PdedModel model, FaceDataset d, int n, Device device) {
        List<List<Tensor>> batches = new ArrayList<>();
        try (var ng = NoGrad.enter(); Loader loader = loader(d, 64)) {
            int seen = 0;
            for (Batch b : loader.epoch(0)) {
                if (seen >= n) break;
                PdedModel.Output out = model.forward(Variable.constant(b.images().to(device)));
                List<Tensor> pooled = new ArrayList<>();
                for (Variable fd : out.domainFeatures()) pooled.add(Pool2d.globalAvgPool(fd).data().to(Device.CPU));
                batches.add(pooled);
                seen += b.size();
            }
        }
        List<Tensor> out = new ArrayList<>();
        for (int s = 0; s < batches.getFirst().size(); s++) {
            List<Tensor> parts = new ArrayList<>();
            for (List<Tensor> b : batches) parts.add(b.get(s));
            Tensor all = Index.cat(0, parts.toArray(Tensor[]::new));
            out.add(all.narrow(0, 0, Math.min(n, all.size(0))).contiguous());
        }
        return out;
    }

    /** Fig. 7: faces of the source test split, Grad-CAM of their true class per stage, single-decoupling run against progressive. */
    public static void fig7(Path png, Path singleRun, Path progressiveRun, int faces, Device device) {
        Loaded single = load(singleRun, device), progressive = load(progressiveRun, device);
        Data data = new Data(Path.of(progressive.config().s("cache")), progressive.size(), progressive.config().l("seed"),
                progressive.config().i("threads"), Problems.lenient());
        try (Loader loader = loader(data.test(progressive.config().s("source"), progressive.config().i("test_count")), faces)) {
            Batch b = loader.epoch(0).iterator().next();
            Tensor images = b.images().to(device), classes = b.labels().to(device);
            FaceFigures.fig7(png, b.images(), Experiment.NORM, heats(single.model(), images, classes), heats(progressive.model(), images, classes),
                    didNotLearn(singleRun) ? DID_NOT_LEARN : "", didNotLearn(progressiveRun) ? DID_NOT_LEARN : "");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png, e);
        }
    }

    /** [face][stage] Grad-CAM maps of model. */
    private static Heat[][] heats(PdedModel model, Tensor images, Tensor classes) {
        int faces = images.size(0);
        Heat[][] out = new Heat[faces][4];
        for (int s = 0; s < 4; s++) {
            Tensor cam = GradCam.map(model, images, classes, s).to(Device.CPU).contiguous();   // (B, h, w)
            int h = cam.size(1), w = cam.size(2);
            float[] all = cam.toFloatArray();
            for (int f = 0; f < faces; f++) {
                float[] one = new float[h * w];
                System.arraycopy(all, f * h * w, one, 0, h * w);
                out[f][s] = new Heat(one, h, w);
            }
        }
        return out;
    }

    private static Loader loader(FaceDataset d, int batch) {
        return Loader.over(d).batchSize(batch).shuffle(false).workers(0).transform(Experiment.normalize()).build();
    }
}
