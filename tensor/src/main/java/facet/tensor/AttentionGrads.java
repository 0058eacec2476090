package facet.tensor;

/** Gradients of attention, in q's, k's and v's shapes. */
public record AttentionGrads(Tensor dQ, Tensor dK, Tensor dV) {}
