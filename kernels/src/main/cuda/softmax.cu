// Softmax and log-softmax along one axis of a strided tensor, fused into one pass per row.
//
// Algorithm: one block per row (all other dims flattened into m rows): block max, then
// sum of exp(x - max), then the write. Each step rounds where the composed Backend default
// (x.sub(max).exp(), .sum(), .div / .log) rounds: x - max in float, exp in double rounded to
// float, the sum accumulated in double and rounded once, the final divide or subtract in float;
// so the two differ only by summation order.
// Layout: row o starts at x + offset(o; outer sizes, x strides) and steps by x_axis; out is
// contiguous in x's shape (row start from out strides, step out_axis).
// Bottleneck: memory; x is read three times (from L2 after the first for rows that fit).
#include "common.cuh"

#define SOFTMAX_THREADS 128

__device__ __forceinline__ float nan_max(float a, float b) { return (b != b || b > a) ? b : a; }

extern "C" __global__ void __launch_bounds__(SOFTMAX_THREADS)
softmax_f32(int log_softmax, Sizes outer, Strides xs, Strides os, long long m, int n, long long x_axis,
            long long out_axis, const float* x, float* out) {
    __shared__ float fmax_[SOFTMAX_THREADS];
    __shared__ double dsum[32];
    long long o = blockIdx.x;
    if (o >= m) return;
    const float* xr = x + strided_offset(o, outer, xs);
    float* orow = out + strided_offset(o, outer, os);

    float mx = -INFINITY;
    for (int j = threadIdx.x; j < n; j += SOFTMAX_THREADS) mx = nan_max(mx, xr[j * x_axis]);
    fmax_[threadIdx.x] = mx;
    __syncthreads();
    for (unsigned s = SOFTMAX_THREADS / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) fmax_[threadIdx.x] = nan_max(fmax_[threadIdx.x], fmax_[threadIdx.x + s]);
        __syncthreads();
    }
    mx = fmax_[0];

    double sum = 0.0;
    for (int j = threadIdx.x; j < n; j += SOFTMAX_THREADS) sum += (double)(float)exp((double)(xr[j * x_axis] - mx));
    const float total = (float)block_sum_d(sum, dsum);
    const float log_total = (float)log((double)total);
    for (int j = threadIdx.x; j < n; j += SOFTMAX_THREADS) {
        float z = xr[j * x_axis] - mx;
        orow[j * out_axis] = log_softmax ? z - log_total : (float)exp((double)z) / total;
    }
}
