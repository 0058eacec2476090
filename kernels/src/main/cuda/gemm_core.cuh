// The tiled GEMM core shared by matmul and the three implicit-GEMM convolutions.
//
// A block computes one TILE_M x TILE_N tile of C = A B over the k range [k0, k1). A problem type P
// says where the operands live: p.a(i, k), p.b(k, j) read one element (the loaders check bounds,
// so P may assume 0 <= i < p.m, 0 <= j < p.n, k0 <= k < k1) and p.store(i, j, v) writes one.
// That indirection is what makes convolution an implicit GEMM: its b() computes the im2col entry
// on the fly instead of materialising the column matrix.
//
// Two cores with the same tiles and loaders:
//   FP32 (default): 256 threads as 16 x 16; each thread owns a 4 x 4 sub-tile at rows ty + 16 i,
//     cols tx + 16 j, so its shared reads are broadcasts or conflict-free and its stores coalesce.
//     Flops per shared load: 16 FMA per 8 loads -> shared-memory bound, roughly a third of FP32 peak.
//   TF32 tensor cores (opt-in, facet.kernels.cuda.Gemm.Precision.TF32): 8 warps, each owns 16 x 32
//     of the tile as two wmma 16x16x8 fragments; operands are rounded to TF32 (10-bit mantissa)
//     when staged in shared memory, accumulation stays FP32. Relative error ~1e-3, not 1e-6.
#pragma once
#ifndef FACET_EMULATE        // the CPU emulator of kernels/src/test/cuda has no tensor cores
#include <mma.h>
#endif
#include "common.cuh"

#define TILE_M 64
#define TILE_N 64
#define TILE_K 16
#define GEMM_THREADS 256

template <class P>
__device__ __forceinline__ void gemm_tile_fp32(const P& p, int m0, int n0, long long k0, long long k1) {
    __shared__ float as[TILE_K][TILE_M + 4];   // as[k][i]: +4 keeps the column stores off one bank
    __shared__ float bs[TILE_K][TILE_N + 4];   // bs[k][j]
    const int t = threadIdx.x, tx = t & 15, ty = t >> 4;
    float acc[4][4];
    #pragma unroll
    for (int i = 0; i < 4; i++)
        #pragma unroll
        for (int j = 0; j < 4; j++) acc[i][j] = 0.f;

    for (long long kt = k0; kt < k1; kt += TILE_K) {
        #pragma unroll
        for (int r = 0; r < 4; r++) {                 // A tile, 64 x 16: k fastest across threads
            int e = t + GEMM_THREADS * r, ii = e >> 4, kk = e & 15;
            long long gk = kt + kk;
            int gi = m0 + ii;
            as[kk][ii] = (gi < p.m && gk < k1) ? p.a(gi, gk) : 0.f;
        }
        #pragma unroll
        for (int r = 0; r < 4; r++) {                 // B tile, 16 x 64: j fastest across threads
            int e = t + GEMM_THREADS * r, jj = e & 63, kk = e >> 6;
            long long gk = kt + kk;
            int gj = n0 + jj;
            bs[kk][jj] = (gj < p.n && gk < k1) ? p.b(gk, gj) : 0.f;
        }
        __syncthreads();
        #pragma unroll
        for (int kk = 0; kk < TILE_K; kk++) {
            float av[4], bv[4];
            #pragma unroll
            for (int i = 0; i < 4; i++) av[i] = as[kk][ty + 16 * i];
            #pragma unroll
            for (int j = 0; j < 4; j++) bv[j] = bs[kk][tx + 16 * j];
            #pragma unroll
            for (int i = 0; i < 4; i++)
                #pragma unroll
                for (int j = 0; j < 4; j++) acc[i][j] = fmaf(av[i], bv[j], acc[i][j]);
        }
        __syncthreads();
    }
    #pragma unroll
    for (int i = 0; i < 4; i++) {
        int gi = m0 + ty + 16 * i;
        #pragma unroll
        for (int j = 0; j < 4; j++) {
            int gj = n0 + tx + 16 * j;
            if (gi < p.m && gj < p.n) p.store(gi, gj, acc[i][j]);
        }
    }
}

#ifndef FACET_EMULATE
template <class P>
__device__ __forceinline__ void gemm_tile_tf32(const P& p, int m0, int n0, long long k0, long long k1) {
    using namespace nvcuda;
    // wmma wants 32-byte aligned fragment pointers and leading dims that are multiples of 4 floats:
    // rows of 20, 72 and 68 floats keep every fragment origin used below on a 32-byte boundary.
    __shared__ __align__(32) float as[TILE_M][TILE_K + 4];   // as[i][k]
    __shared__ __align__(32) float bs[TILE_K][TILE_N + 8];   // bs[k][j]
    __shared__ __align__(32) float cs[TILE_M][TILE_N + 4];
    const int t = threadIdx.x, warp = t >> 5, wm = warp >> 1, wn = warp & 1;
    wmma::fragment<wmma::accumulator, 16, 16, 8, float> acc[2];
    wmma::fill_fragment(acc[0], 0.f);
    wmma::fill_fragment(acc[1], 0.f);

    for (long long kt = k0; kt < k1; kt += TILE_K) {
        #pragma unroll
        for (int r = 0; r < 4; r++) {
            int e = t + GEMM_THREADS * r, ii = e >> 4, kk = e & 15;
            long long gk = kt + kk;
            int gi = m0 + ii;
            as[ii][kk] = wmma::__float_to_tf32((gi < p.m && gk < k1) ? p.a(gi, gk) : 0.f);
        }
        #pragma unroll
        for (int r = 0; r < 4; r++) {
            int e = t + GEMM_THREADS * r, jj = e & 63, kk = e >> 6;
            long long gk = kt + kk;
            int gj = n0 + jj;
            bs[kk][jj] = wmma::__float_to_tf32((gj < p.n && gk < k1) ? p.b(gk, gj) : 0.f);
        }
        __syncthreads();
        #pragma unroll
        for (int ks = 0; ks < TILE_K; ks += 8) {
            wmma::fragment<wmma::matrix_a, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fa;
            wmma::load_matrix_sync(fa, &as[wm * 16][ks], TILE_K + 4);
            #pragma unroll
            for (int f = 0; f < 2; f++) {
                wmma::fragment<wmma::matrix_b, 16, 16, 8, wmma::precision::tf32, wmma::row_major> fb;
                wmma::load_matrix_sync(fb, &bs[ks][wn * 32 + f * 16], TILE_N + 8);
                wmma::mma_sync(acc[f], fa, fb, acc[f]);
            }
        }
        __syncthreads();
    }
    wmma::store_matrix_sync(&cs[wm * 16][wn * 32], acc[0], TILE_N + 4, wmma::mem_row_major);
    wmma::store_matrix_sync(&cs[wm * 16][wn * 32 + 16], acc[1], TILE_N + 4, wmma::mem_row_major);
    __syncthreads();
    for (int e = t; e < TILE_M * TILE_N; e += GEMM_THREADS) {
        int ii = e >> 6, jj = e & 63, gi = m0 + ii, gj = n0 + jj;
        if (gi < p.m && gj < p.n) p.store(gi, gj, cs[ii][jj]);
    }
}

#endif

// One entry point per (problem, precision): the precision is a template argument so both cores
// compile from one problem definition (if constexpr: a kernel holds only its own core's shared memory).
template <bool TF32, class P>
__device__ __forceinline__ void gemm_tile(const P& p, int m0, int n0, long long k0, long long k1) {
#ifndef FACET_EMULATE
    if constexpr (TF32) gemm_tile_tf32(p, m0, n0, k0, k1);
    else
#endif
    gemm_tile_fp32(p, m0, n0, k0, k1);
}
