package facet.autograd.check;

import facet.tensor.DType;
import facet.tensor.Shape;
import facet.tensor.Tensor;

/**
 * One input of a property case: its values (float64, or int32 for indices and labels) stored in
 * a base tensor, the layout that views it, and whether the check differentiates with respect to it.
 */
public record Input(String name, int[] shape, Layout layout, Tensor base, boolean wrt) {
    /** The input in a float dtype (int32 inputs stay int32), viewed through its layout. */
    public Tensor in(DType dtype) {
        return base.dtype() == DType.I32 ? layout.view(base) : layout.view(base.to(dtype));
    }

    /** "x [2, 3] transposed", the readable form of a case. */
    public String describe() { return name + " " + Shape.str(shape) + layout.label(); }
}
