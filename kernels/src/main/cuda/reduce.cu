// Reductions (sum, max, min) over any set of axes of a strided tensor, and arg-max / arg-min.
//
// Algorithm: the Java side splits x's dims into kept (outer, M outputs) and reduced (inner, K
// elements per output) index spaces. Three shapes of work:
//   reduce_block_f32   one block per output (times `splits` blocks along K when M is small); the
//                      threads stride over K, combine in a shared-memory tree; with splits > 1 each
//                      block writes a double partial and reduce_finish_f32 combines them in order.
//   reduce_thread_f32  one thread per output, a serial loop over K: for many short reductions
//                      (bias gradients, per-row sums), coalesced when the outer stride is 1.
//   arg_reduce_f32     one warp per output along one axis.
// Sums accumulate in double (as the CPU kernel does), so float32 results differ only by order.
// Work is split in a fixed way from (M, K), so results are deterministic.
// Layout: out contiguous over the kept dims. Bottleneck: memory, 4 bytes read per element.
#include "common.cuh"

// op codes: 0 sum, 1 max, 2 min (facet.kernels.ReduceOp order). NaN propagates through max/min.
FACET_HD double reduce_identity(int op) {
    return op == 0 ? 0.0 : op == 1 ? -INFINITY : INFINITY;
}

FACET_HD double reduce_combine(int op, double acc, double x) {
    if (op == 0) return acc + x;
    if (x != x) return x;
    if (op == 1) return x > acc ? x : acc;
    return x < acc ? x : acc;
}

#define REDUCE_THREADS 256

extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
reduce_block_f32(int op, Sizes outer, Strides os, Sizes inner, Strides is, long long m, long long k, int splits,
                 const float* x, double* partial, float* out) {
    __shared__ double tree[REDUCE_THREADS];
    long long o = blockIdx.x;
    if (o >= m) return;
    long long chunk = (k + splits - 1) / splits, k0 = blockIdx.y * chunk, k1 = min(k, k0 + chunk);
    const float* base = x + strided_offset(o, outer, os);
    double acc = reduce_identity(op);
    for (long long j = k0 + threadIdx.x; j < k1; j += REDUCE_THREADS) acc = reduce_combine(op, acc, base[strided_offset(j, inner, is)]);
    tree[threadIdx.x] = acc;
    __syncthreads();
    for (unsigned s = REDUCE_THREADS / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) tree[threadIdx.x] = reduce_combine(op, tree[threadIdx.x], tree[threadIdx.x + s]);
        __syncthreads();
    }
    if (threadIdx.x == 0) {
        if (splits == 1) out[o] = (float)tree[0];
        else partial[o * splits + blockIdx.y] = tree[0];
    }
}

extern "C" __global__ void reduce_finish_f32(int op, long long m, int splits, const double* partial, float* out) {
    GRID_STRIDE_LOOP(o, m) {
        double acc = reduce_identity(op);
        for (int s = 0; s < splits; s++) acc = reduce_combine(op, acc, partial[o * splits + s]);
        out[o] = (float)acc;
    }
}

extern "C" __global__ void reduce_thread_f32(int op, Sizes outer, Strides os, Sizes inner, Strides is, long long m,
                                             long long k, const float* x, float* out) {
    GRID_STRIDE_LOOP(o, m) {
        const float* base = x + strided_offset(o, outer, os);
        double acc = reduce_identity(op);
        for (long long j = 0; j < k; j++) acc = reduce_combine(op, acc, base[strided_offset(j, inner, is)]);
        out[o] = (float)acc;
    }
}

// Is (v, i) a better arg-max (max = 1) or arg-min candidate than (bv, bi)? The first NaN wins, then
// the extreme value, then the lower index: the CPU kernel's scan order.
FACET_HD bool arg_better(int max, float v, int i, float bv, int bi) {
    bool vn = v != v, bn = bv != bv;
    if (vn || bn) return vn && (!bn || i < bi);
    if (v == bv) return i < bi;
    return max ? v > bv : v < bv;
}

extern "C" __global__ void arg_reduce_f32(int max, Sizes outer, Strides os, long long m, int n, int axis_stride,
                                          const float* x, int* out) {
    int lane = threadIdx.x & 31;
    long long o = ((long long)blockIdx.x * blockDim.x + threadIdx.x) >> 5;
    if (o >= m) return;                       // whole warps leave together: o is warp-uniform
    const float* base = x + strided_offset(o, outer, os);
    float bv = 0.f;
    int bi = 0x7fffffff;
    for (int j = lane; j < n; j += 32) {
        float v = base[(long long)j * axis_stride];
        if (bi == 0x7fffffff || arg_better(max, v, j, bv, bi)) { bv = v; bi = j; }
    }
    for (int s = 16; s > 0; s >>= 1) {
        float ov = __shfl_xor_sync(0xffffffffu, bv, s);
        int oi = __shfl_xor_sync(0xffffffffu, bi, s);
        if (oi != 0x7fffffff && (bi == 0x7fffffff || arg_better(max, ov, oi, bv, bi))) { bv = ov; bi = oi; }
    }
    if (lane == 0) out[o] = bi;
}
