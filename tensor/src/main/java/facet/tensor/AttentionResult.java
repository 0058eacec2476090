package facet.tensor;

/**
 * What attention returns: out (..., Tq, Dv), and lse (..., Tq), each query's log-sum-exp of
 * scores, all the backward needs to rebuild the probabilities (+inf for a query that sees no key).
 */
public record AttentionResult(Tensor out, Tensor lse) {}
