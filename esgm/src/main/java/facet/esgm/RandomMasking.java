package facet.esgm;

import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;

/**
 * MAE's random masking: uniform noise per patch from the Philox stream, the M noisiest masked
 * (MAE keeps the lowest noise; the same sets). Ignores w and the parsing map.
 */
public final class RandomMasking implements Masking {
    private final Generator g;

    public RandomMasking(Generator g) { this.g = g; }

    @Override public MaskingKind kind() { return MaskingKind.RANDOM; }

    @Override public Result select(Inputs in) {
        Tensor w = in.weights();
        return Masking.fromScores(Tensor.rand(g, w.device(), DType.F32, w.size(0), w.size(1)), in.masked());
    }
}
