// Stable argsort of each row along one axis (ascending or descending), the primitive behind
// top-k (MAE / ESGM patch selection sorts a few hundred scores per image).
//
// Algorithm: one block per row, a bitonic sort in shared memory of (key, index) pairs padded to a
// power of two p <= 4096. Each float becomes an unsigned key whose order is Float.compare's
// (-inf < ... < -0 < +0 < ... < +inf < NaN, every NaN alike); descending flips the key. Sorting the
// pair lexicographically makes equal keys keep index order in both directions: the CPU merge
// sort's stability. Padding (key 0xffffffff, index INT_MAX) sorts behind every real element.
// Layout: rows addressed by (outer sizes, x strides); elements step by x_axis; out int32 contiguous
// in x's shape (row start from out strides, step out_axis). Dynamic shared memory: 8 p bytes.
// Bottleneck: p log^2 p compare-exchanges per row with a barrier per step; fine for rows of a few
// thousand, and the Java side sorts longer rows on the host.
#include "common.cuh"

#define SORT_THREADS 256

FACET_HD unsigned sort_key(float v, int descending) {
    unsigned u = v != v ? 0x7fc00000u : float_bits(v);
    unsigned k = (u & 0x80000000u) ? ~u : (u | 0x80000000u);
    return descending ? ~k : k;
}

extern "C" __global__ void __launch_bounds__(SORT_THREADS)
argsort_f32(Sizes outer, Strides xs, Strides os, long long rows, int n, long long x_axis, long long out_axis,
            int descending, int p, const float* x, int* out) {
    FACET_DYNAMIC_SHARED(unsigned, sort_smem);
    unsigned* key = sort_smem;
    int* idx = (int*)(sort_smem + p);
    long long r = blockIdx.x;
    if (r >= rows) return;
    const float* xr = x + strided_offset(r, outer, xs);
    int* orow = out + strided_offset(r, outer, os);
    for (int i = threadIdx.x; i < p; i += SORT_THREADS) {
        key[i] = i < n ? sort_key(xr[i * x_axis], descending) : 0xffffffffu;
        idx[i] = i < n ? i : 0x7fffffff;
    }
    __syncthreads();
    for (int size = 2; size <= p; size <<= 1) {
        for (int stride = size >> 1; stride > 0; stride >>= 1) {
            for (int i = threadIdx.x; i < p; i += SORT_THREADS) {
                int j = i ^ stride;
                if (j > i) {
                    bool ascending = (i & size) == 0;
                    bool greater = key[i] > key[j] || (key[i] == key[j] && idx[i] > idx[j]);
                    if (greater == ascending) {
                        unsigned tk = key[i]; key[i] = key[j]; key[j] = tk;
                        int ti = idx[i]; idx[i] = idx[j]; idx[j] = ti;
                    }
                }
            }
            __syncthreads();
        }
    }
    for (int i = threadIdx.x; i < n; i += SORT_THREADS) orow[i * out_axis] = idx[i];
}
