// The standardising part of normalize over any set of axes (layer norm: the last dims; batch norm:
// N, H, W per channel) and its backward: CudaBackend.normalize / normalizeBackward run these and
// do the affine part and the epilogue (ReLU, residual) as tensor ops. Launchers: facet.kernels.cuda.Norm.
//
// Forward: xhat = (x - mean) * rstd, rstd = 1 / sqrt(mean((x - mean)^2) + eps), biased variance.
// Backward: dX = rstd * ((dY - mean(dY)) - xhat * mean(dY * xhat)).
// Algorithm: one block per kept index (m groups of k elements each): pass 1 the mean, pass 2 the
// variance (two passes, not E[x^2] - E[x]^2, which cancels), pass 3 the write. Rounding follows the
// composed default step by step (float ops, double sums rounded once, add_rn/mul_rn... so that no product
// is contracted into an FMA), so fused and composed differ only by summation order.
// Layout: the kept (outer) and reduced (inner) index spaces each have sizes plus one stride set per
// operand; outputs are contiguous in x's shape; rstd is contiguous over the m groups.
// Bottleneck: memory, 3 reads + 1 write per element; few blocks when m is small (batch norm's m = C).
#include "common.cuh"

#define NORM_THREADS 256

extern "C" __global__ void __launch_bounds__(NORM_THREADS)
norm_f32(Sizes outer, Strides xo, Strides oo, Sizes inner, Strides xi, Strides oi, long long m, long long k,
                float eps, const float* x, float* xhat, float* rstd) {
    __shared__ double scratch[32];
    long long g = blockIdx.x;
    if (g >= m) return;
    const float* xb = x + strided_offset(g, outer, xo);
    float* ob = xhat + strided_offset(g, outer, oo);
    const float count = (float)k;

    double s = 0.0;
    for (long long j = threadIdx.x; j < k; j += NORM_THREADS) s += xb[strided_offset(j, inner, xi)];
    const float mean = div_rn((float)block_sum_d(s, scratch), count);
    double q = 0.0;
    for (long long j = threadIdx.x; j < k; j += NORM_THREADS) {
        float c = sub_rn(xb[strided_offset(j, inner, xi)], mean);
        q += mul_rn(c, c);
    }
    const float var = add_rn(div_rn((float)block_sum_d(q, scratch), count), eps);
    const float r = (float)(1.0 / sqrt((double)var));
    for (long long j = threadIdx.x; j < k; j += NORM_THREADS) {
        ob[strided_offset(j, inner, oi)] = mul_rn(sub_rn(xb[strided_offset(j, inner, xi)], mean), r);
    }
    if (threadIdx.x == 0) rstd[g] = r;
}

extern "C" __global__ void __launch_bounds__(NORM_THREADS)
norm_backward_f32(Sizes outer, Strides go, Strides ho, Strides oo, Sizes inner, Strides gi, Strides hi, Strides oi,
                         long long m, long long k, const float* dy, const float* xhat, const float* rstd, float* dx) {
    __shared__ double scratch[32];
    long long g = blockIdx.x;
    if (g >= m) return;
    const float* gb = dy + strided_offset(g, outer, go);
    const float* hb = xhat + strided_offset(g, outer, ho);
    float* ob = dx + strided_offset(g, outer, oo);
    const float count = (float)k;

    double s1 = 0.0, s2 = 0.0;
    for (long long j = threadIdx.x; j < k; j += NORM_THREADS) {
        float d = gb[strided_offset(j, inner, gi)];
        s1 += d;
        s2 += mul_rn(d, hb[strided_offset(j, inner, hi)]);
    }
    const float mean_dy = div_rn((float)block_sum_d(s1, scratch), count);
    const float mean_dyx = div_rn((float)block_sum_d(s2, scratch), count);
    const float r = rstd[g];
    for (long long j = threadIdx.x; j < k; j += NORM_THREADS) {
        float d = gb[strided_offset(j, inner, gi)], h = hb[strided_offset(j, inner, hi)];
        ob[strided_offset(j, inner, oi)] = mul_rn(r, sub_rn(sub_rn(d, mean_dy), mul_rn(h, mean_dyx)));
    }
}
