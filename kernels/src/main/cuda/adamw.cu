// One fused AdamW step over contiguous p, g, m, v (in place on p, m, v): the composed default of
// Backend.adamw in one pass. Every operation rounds to float exactly where the composed tensor ops
// do (the scalars arrive already rounded to float; add_rn, mul_rn... forbid FMA contraction), so the fused
// and composed results are bit-identical.
//   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//   p = p (1 - lr wd) - lr (m / bc1) / (sqrt(v / bc2) + eps),  bc = 1 - beta^step
// Bottleneck: memory, 28 bytes per parameter (read p g m v, write p m v).
#include "common.cuh"

// Element i's update, in place.
FACET_HD void adamw_at(long long i, float* p, const float* g, float* m, float* v, float b1, float one_minus_b1, float b2,
                       float one_minus_b2, float bc1, float bc2, float decay, float eps, float lr) {
    float gi = g[i];
    float mi = add_rn(mul_rn(m[i], b1), mul_rn(gi, one_minus_b1));
    float vi = add_rn(mul_rn(v[i], b2), mul_rn(mul_rn(gi, gi), one_minus_b2));
    m[i] = mi;
    v[i] = vi;
    float step = div_rn(div_rn(mi, bc1), add_rn(sqrt_rn(div_rn(vi, bc2)), eps));
    p[i] = sub_rn(mul_rn(p[i], decay), mul_rn(step, lr));
}

extern "C" __global__ void adamw_f32(long long n, float* p, const float* g, float* m, float* v, float b1, float one_minus_b1,
                                     float b2, float one_minus_b2, float bc1, float bc2, float decay, float eps, float lr) {
    GRID_STRIDE_LOOP(i, n) adamw_at(i, p, g, m, v, b1, one_minus_b1, b2, one_minus_b2, bc1, bc2, decay, eps, lr);
}
