package facet.tensor;

/**
 * Gradients of a normalize: dX of x's shape; dGamma and dBeta of gamma's and beta's shapes, null
 * where those were null; dResidual (dY masked by y > 0) for an addRelu epilogue, else null.
 */
public record NormGrads(Tensor dX, Tensor dGamma, Tensor dBeta, Tensor dResidual) {}
