// Batched matrix product C[b] = A[b] B[b] over strided operands: transposes are stride swaps, and
// broadcast batch dims have stride 0, so no operand is ever copied.
//
// Algorithm: the tiled core of gemm_core.cuh, one block per 64 x 64 tile of C, blockIdx.z walking
// the batch (from batch0, since a grid's z is at most 65535; the Java side launches in chunks).
// Layout: A (m x k) element (i, p) at A[i * ars + p * acs], B (k x n) at B[p * brs + j * bcs],
// batch offsets from the batch sizes and strides; C contiguous (batch, m, n).
// Bottleneck: compute (2 m n k flops over (m k + k n + m n) * 4 bytes); see gemm_core.cuh.
#include "gemm_core.cuh"

struct MatmulProblem {
    int m, n;
    const float* A; long long ars, acs;
    const float* B; long long brs, bcs;
    float* C;
    FACET_HD float a(int i, long long p) const { return A[i * ars + p * acs]; }
    FACET_HD float b(long long p, int j) const { return B[p * brs + j * bcs]; }
    FACET_HD void store(int i, int j, float v) const { C[(long long)i * n + j] = v; }
};

// Batch bi's problem: its A, B and C found through the batch sizes and each operand's batch strides.
FACET_HD MatmulProblem matmul_problem(int m, int n, long long bi, const Sizes& batch, const float* a, const Strides& abs_,
                                      long long ars, long long acs, const float* b, const Strides& bbs, long long brs,
                                      long long bcs, float* c) {
    return MatmulProblem{m, n, a + strided_offset(bi, batch, abs_), ars, acs, b + strided_offset(bi, batch, bbs), brs, bcs,
                         c + bi * m * n};
}

template <bool TF32>
__device__ __forceinline__ void matmul(int m, int n, int k, Sizes batch, long long batch0,
                                       const float* a, Strides abs_, long long ars, long long acs,
                                       const float* b, Strides bbs, long long brs, long long bcs, float* c) {
    MatmulProblem p = matmul_problem(m, n, batch0 + blockIdx.z, batch, a, abs_, ars, acs, b, bbs, brs, bcs, c);
    gemm_tile<TF32>(p, blockIdx.y * TILE_M, blockIdx.x * TILE_N, 0, k);
}

#define FACET_GEMM(NAME, TF32) \
    extern "C" __global__ void __launch_bounds__(GEMM_THREADS) \
    NAME(int m, int n, int k, Sizes batch, long long batch0, const float* a, Strides abs_, long long ars, long long acs, \
         const float* b, Strides bbs, long long brs, long long bcs, float* c) { \
        matmul<TF32>(m, n, k, batch, batch0, a, abs_, ars, acs, b, bbs, brs, bcs, c); \
    }
FACET_GEMM(gemm_f32, false)
#ifndef FACET_EMULATE
FACET_GEMM(gemm_tf32, true)
#endif
