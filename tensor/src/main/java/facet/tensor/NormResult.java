package facet.tensor;

/**
 * What a normalize returns: y of x's shape, and mean and rstd = 1 / sqrt(var + eps) with the
 * reduced axes kept as size 1 (for the backward and for running statistics).
 */
public record NormResult(Tensor y, Tensor mean, Tensor rstd) {}
