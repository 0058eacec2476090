// One fused AdamW step over contiguous p, g, m, v (in place on p, m, v): the composed default of
// Backend.adamw in one pass. Every operation rounds to float exactly where the composed tensor ops
// do (the scalars arrive already rounded to float; __f*_rn forbids FMA contraction), so the fused
// and composed results are bit-identical.
//   m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
//   p = p (1 - lr wd) - lr (m / bc1) / (sqrt(v / bc2) + eps),  bc = 1 - beta^step
// Bottleneck: memory, 28 bytes per parameter (read p g m v, write p m v).
#include "common.cuh"

extern "C" __global__ void adamw_f32(long long n, float* p, const float* g, float* m, float* v, float b1, float one_minus_b1,
                                     float b2, float one_minus_b2, float bc1, float bc2, float decay, float eps, float lr) {
    GRID_STRIDE_LOOP(i, n) {
        float gi = g[i];
        float mi = __fadd_rn(__fmul_rn(m[i], b1), __fmul_rn(gi, one_minus_b1));
        float vi = __fadd_rn(__fmul_rn(v[i], b2), __fmul_rn(__fmul_rn(gi, gi), one_minus_b2));
        m[i] = mi;
        v[i] = vi;
        float step = __fdiv_rn(__fdiv_rn(mi, bc1), __fadd_rn(__fsqrt_rn(__fdiv_rn(vi, bc2)), eps));
        p[i] = __fsub_rn(__fmul_rn(p[i], decay), __fmul_rn(step, lr));
    }
}
