package facet.pded;

import facet.autograd.Index;
import facet.autograd.Variable;
import facet.tensor.DType;
import facet.tensor.Shape;
import facet.tensor.Tensor;

/**
 * Grad-CAM (Selvaraju et al. 2017): where in a feature map a class score comes from. With A the
 * activation (B, C, h, w) and S the score, alpha_{b,c} = mean over h, w of dS/dA_{b,c}, and the
 * map is relu(sum_c alpha_{b,c} A_{b,c}) (B, h, w): channels weighted by how much raising them
 * raises the score, negative evidence cut. dS/dA comes from {@link Variable#retainGrad}.
 */
public final class GradCam {
    private GradCam() {}

    /**
     * activation (B, C, h, w), a variable on score's path; score a one-element variable -> map (B, h, w).
     * Runs score.backward(): parameters on the path accumulate gradients, which the caller zeroes.
     */
    public static Tensor map(Variable activation, Variable score) {
        activation.data().requireDim("grad_cam", 4, "(B, C, h, w)");
        activation.retainGrad();
        score.backward();
        Tensor a = activation.data(), dA = activation.grad();
        if (dA == null) throw new IllegalArgumentException("grad_cam: the score does not depend on the activation " + Shape.str(a.shape()));
        Tensor alpha = dA.mean(true, 2, 3);           // (B, C, 1, 1)
        return alpha.mul(a).sum(false, 1).relu();     // (B, h, w)
    }

    /**
     * images (B, 3, H, W), classes int32 (B) -> the map (B, h_i, h_i) of each sample's class at the
     * output of stage i (0..3), F^{i+1} before its decoupling. Put the model in eval mode first: in
     * train mode batch norm mixes the samples, so one sample's score would reach the others' maps.
     * The model's gradients are zeroed afterwards.
     */
    public static Tensor map(PdedModel model, Tensor images, Tensor classes, int stage) {
        if (stage < 0 || stage > 3) throw new IllegalArgumentException("grad_cam: stage " + stage + " is not one of 0..3");
        if (classes.dim() != 1 || classes.size(0) != images.size(0) || classes.dtype() != DType.I32) {
            throw new IllegalArgumentException("grad_cam: classes must be int32 of shape (" + images.size(0) + "), got "
                    + classes.dtype() + " " + Shape.str(classes.shape()));
        }
        PdedModel.Output out = model.forward(Variable.constant(images));
        // the sum over the batch: each sample's score depends only on its own activation (eval mode)
        Variable score = Index.gather(out.expression(), 1, classes.reshape(-1, 1)).sum();
        Tensor cam = map(out.stages().get(stage), score);
        model.zeroGrad();
        return cam;
    }
}
