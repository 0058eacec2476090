// Shared definitions of Facet's CUDA kernels: strided layouts, grid-stride loops, reductions.
//
// Every kernel receives base pointers that already include the tensor's element offset (the Java
// launcher adds it), so no kernel sees offsets. A strided operand is described by a Layout: the
// (coalesced) sizes of an index space plus one stride per dim, in elements. The Java side packs a
// Layout as FACET_MAX_DIMS + 1 ints (rank, sizes) and Strides as FACET_MAX_DIMS ints, passed by
// value; facet.kernels.cuda.KernelArgs must agree with these two structs.
//
// Pure per-element helpers are FACET_HD (host and device), so kernels/src/test/cuda/host_check.cu
// can run them on a machine without a GPU and the tests compare them with the Java kernels.
#pragma once
#include <cmath>
#include <cstdint>
#include <cstring>

#define FACET_MAX_DIMS 6
#define FACET_HD __host__ __device__ __forceinline__

struct Sizes { int rank; int n[FACET_MAX_DIMS]; };
struct Strides { int s[FACET_MAX_DIMS]; };

// ---- float ops rounded once each (never contracted into an FMA), on device and host ------------
// The host build passes -ffp-contract=off, so plain operators round once there too.
#ifdef __CUDA_ARCH__
FACET_HD float add_rn(float a, float b) { return __fadd_rn(a, b); }
FACET_HD float sub_rn(float a, float b) { return __fsub_rn(a, b); }
FACET_HD float mul_rn(float a, float b) { return __fmul_rn(a, b); }
FACET_HD float div_rn(float a, float b) { return __fdiv_rn(a, b); }
FACET_HD float sqrt_rn(float a) { return __fsqrt_rn(a); }
FACET_HD unsigned float_bits(float f) { return __float_as_uint(f); }
FACET_HD float bits_float(unsigned u) { return __uint_as_float(u); }
FACET_HD unsigned umulhi(unsigned a, unsigned b) { return __umulhi(a, b); }
#else
FACET_HD float add_rn(float a, float b) { return a + b; }
FACET_HD float sub_rn(float a, float b) { return a - b; }
FACET_HD float mul_rn(float a, float b) { return a * b; }
FACET_HD float div_rn(float a, float b) { return a / b; }
FACET_HD float sqrt_rn(float a) { return std::sqrt(a); }
FACET_HD unsigned float_bits(float f) { unsigned u; std::memcpy(&u, &f, 4); return u; }
FACET_HD float bits_float(unsigned u) { float f; std::memcpy(&f, &u, 4); return f; }
FACET_HD unsigned umulhi(unsigned a, unsigned b) { return (unsigned)(((unsigned long long)a * b) >> 32); }
#endif

#define FACET_NAN bits_float(0x7fc00000u)

// A kernel's dynamic shared memory (the emulator in kernels/src/test/cuda supplies its own).
#ifndef FACET_DYNAMIC_SHARED
#define FACET_DYNAMIC_SHARED(T, name) extern __shared__ T name[]
#endif

FACET_HD int imax(int a, int b) { return a > b ? a : b; }
FACET_HD int imin(int a, int b) { return a < b ? a : b; }

// The element offset of linear index i (row-major over sizes) under strides.
FACET_HD long long strided_offset(long long i, const Sizes& sz, const Strides& st) {
    long long off = 0;
    for (int d = sz.rank - 1; d >= 0; d--) {
        int n = sz.n[d];
        long long q = i / n;
        off += (i - q * n) * (long long)st.s[d];
        i = q;
    }
    return off;
}

#define GRID_STRIDE_LOOP(i, n) \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long)gridDim.x * blockDim.x)

__device__ __forceinline__ float warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ double warp_sum_d(double v) {
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}

__device__ __forceinline__ float warp_max(float v) {
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

// Sum over a block of blockDim.x threads (a multiple of 32, at most 1024) in double; every thread
// gets the result. scratch holds 32 doubles. Ends with a barrier, so scratch may be reused after.
__device__ double block_sum_d(double v, double* scratch) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    v = warp_sum_d(v);
    if (lane == 0) scratch[warp] = v;
    __syncthreads();
    double t = lane < warps ? scratch[lane] : 0.0;
    t = warp_sum_d(t);
    __syncthreads();
    return t;
}
