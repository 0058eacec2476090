// Fused scaled-dot-product attention, forward and backward, flash style: scores are computed a
// tile of keys at a time and folded into a streaming softmax, so no (Tq x Tk) matrix ever reaches
// global memory; the forward saves only out and each query's log-sum-exp (lse).
//
// Layout: q (BH, Tq, D), k (BH, Tk, D), v (BH, Tk, Dv), dOut/out (BH, Tq, Dv) contiguous; lse and
// delta (BH, Tq). The optional 0/1 mask is a strided view: batch offset from (mb, ms), then row
// stride mq and key stride mk (broadcast dims have stride 0). A masked score becomes -1e30, whose
// exp is 0. Weights are exp(s - lse) with lse rounded to float, as in the composed Backend default.
// A query whose keys are all masked attends to nothing: out 0 and lse +inf, so the backward's
// weights exp(s - lse) are 0 for it as well (the Backend default's convention, FlashAttention's too).
// D, Dv <= ATT_DMAX; the Java side falls back to the composed ops beyond that.
//
// Algorithm (one warp per query row, ATT_WARPS rows per block sharing each K/V tile in shared memory):
//   forward: lane j scores key j of the 32-key tile; warp max/sum update the running max m and
//            normaliser l; acc = acc * exp(m_old - m) + sum_j p_j v_j; lse = m + log l,
//            out = acc * exp(m - lse) (= acc / l up to rounding: the composed default's weights).
//   dQ:      delta_i = dOut_i . out_i; per key tile p_j = exp(s_j - lse_i), dp_j = dOut_i . v_j,
//            ds_j = p_j (dp_j - delta_i), dq += ds_j k_j; dQ = scale * dq. Writes delta for dK/dV.
//   dK, dV:  one warp per key row, lanes over a 32-query tile: dv += p_i dOut_i, dk += ds_i q_i.
// Both backward kernels recompute the scores (2x the forward flops) instead of reading a stored P.
// Bottleneck: for the ViT/MAE shapes (T ~ 50-200, D = 64) shared-memory bandwidth of the per-lane
// dot products; 4 * BH * Tq * Tk * D flops forward.
#include "common.cuh"

#define ATT_WARPS 8
#define ATT_THREADS (ATT_WARPS * 32)
#define ATT_TILE 32
#define ATT_DMAX 128
#define ATT_MASKED (-1e30f)

__device__ __forceinline__ bool att_masked(const float* mrow, long long mk, int key) {
    return mrow != nullptr && mrow[key * mk] == 0.f;
}

// Rows [r0, r0 + ATT_TILE) of a row-major (n x cols) matrix into shared memory with row pitch
// `pitch` (rows past n become zeros), read by the whole block. Callers synchronise around it.
__device__ __forceinline__ void att_load_tile(float* dst, int pitch, const float* src, int r0, int n, int cols) {
    const int rows = min(ATT_TILE, n - r0);
    for (int e = threadIdx.x; e < ATT_TILE * cols; e += ATT_THREADS) {
        int rr = e / cols, cc = e % cols;
        dst[rr * pitch + cc] = rr < rows ? src[(long long)(r0 + rr) * cols + cc] : 0.f;
    }
}

extern "C" __global__ void __launch_bounds__(ATT_THREADS)
attention_forward_f32(int tq, int tk, int d, int dv, float scale, const float* q, const float* k, const float* v,
                      const float* mask, Sizes mb, Strides ms, long long mq, long long mk, float* out, float* lse) {
    __shared__ float sq[ATT_WARPS][ATT_DMAX];
    __shared__ float sk[ATT_TILE][ATT_DMAX + 1];   // +1: lane j reads row j, so rows must not share banks
    __shared__ float sv[ATT_TILE][ATT_DMAX];
    const int bh = blockIdx.x, warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int row = blockIdx.y * ATT_WARPS + warp;
    const bool active = row < tq;                   // warp-uniform
    const float* kb = k + (long long)bh * tk * d;
    const float* vb = v + (long long)bh * tk * dv;
    const float* mrow = (mask != nullptr && active) ? mask + strided_offset(bh, mb, ms) + row * mq : nullptr;
    for (int e = lane; e < d; e += 32) sq[warp][e] = active ? q[((long long)bh * tq + row) * d + e] : 0.f;

    float m_run = -INFINITY, l_run = 0.f, acc[ATT_DMAX / 32];
    #pragma unroll
    for (int i = 0; i < ATT_DMAX / 32; i++) acc[i] = 0.f;

    for (int j0 = 0; j0 < tk; j0 += ATT_TILE) {
        const int nk = min(ATT_TILE, tk - j0);
        __syncthreads();                            // the previous tile is consumed; sq is visible
        att_load_tile(&sk[0][0], ATT_DMAX + 1, kb, j0, tk, d);
        att_load_tile(&sv[0][0], ATT_DMAX, vb, j0, tk, dv);
        __syncthreads();
        if (!active) continue;
        float s = -INFINITY;                        // keys past the end weigh exactly 0
        if (lane < nk) {
            float dot = 0.f;
            for (int dd = 0; dd < d; dd++) dot = fmaf(sq[warp][dd], sk[lane][dd], dot);
            s = att_masked(mrow, mk, j0 + lane) ? ATT_MASKED : dot * scale;
        }
        const float m_new = fmaxf(m_run, warp_max(s));   // finite: lane 0 always holds a key
        const float corr = expf(m_run - m_new);
        const float p = expf(s - m_new);
        l_run = l_run * corr + warp_sum(p);
        #pragma unroll
        for (int i = 0; i < ATT_DMAX / 32; i++) acc[i] *= corr;
        for (int jj = 0; jj < nk; jj++) {
            const float pj = __shfl_sync(0xffffffffu, p, jj);
            #pragma unroll
            for (int i = 0; i < ATT_DMAX / 32; i++) {
                int dd = lane + 32 * i;
                if (dd < dv) acc[i] = fmaf(pj, sv[jj][dd], acc[i]);
            }
        }
        m_run = m_new;
    }
    if (!active) return;
    const long long r = (long long)bh * tq + row;
    const bool none = m_run <= 0.5f * ATT_MASKED;      // every key masked: nothing to attend to
    const float lse_r = none ? INFINITY : m_run + logf(l_run), norm = none ? 0.f : expf(m_run - lse_r);
    #pragma unroll
    for (int i = 0; i < ATT_DMAX / 32; i++) {
        int dd = lane + 32 * i;
        if (dd < dv) out[r * dv + dd] = acc[i] * norm;
    }
    if (lane == 0) lse[r] = lse_r;
}

extern "C" __global__ void __launch_bounds__(ATT_THREADS)
attention_backward_dq_f32(int tq, int tk, int d, int dv, float scale, const float* q, const float* k, const float* v,
                          const float* mask, Sizes mb, Strides ms, long long mq, long long mk,
                          const float* out, const float* lse, const float* dout, float* delta, float* dq) {
    __shared__ float sq[ATT_WARPS][ATT_DMAX];
    __shared__ float sdo[ATT_WARPS][ATT_DMAX];
    __shared__ float sk[ATT_TILE][ATT_DMAX + 1];
    __shared__ float sv[ATT_TILE][ATT_DMAX + 1];
    const int bh = blockIdx.x, warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int row = blockIdx.y * ATT_WARPS + warp;
    const bool active = row < tq;
    const long long r = (long long)bh * tq + row;
    const float* kb = k + (long long)bh * tk * d;
    const float* vb = v + (long long)bh * tk * dv;
    const float* mrow = (mask != nullptr && active) ? mask + strided_offset(bh, mb, ms) + row * mq : nullptr;
    float di = 0.f, li = 0.f;
    for (int e = lane; e < d; e += 32) sq[warp][e] = active ? q[r * d + e] : 0.f;
    for (int e = lane; e < dv; e += 32) {
        float g = active ? dout[r * dv + e] : 0.f;
        sdo[warp][e] = g;
        if (active) di = fmaf(g, out[r * dv + e], di);
    }
    di = warp_sum(di);
    if (active) {
        li = lse[r];
        if (lane == 0) delta[r] = di;
    }

    float acc[ATT_DMAX / 32];
    #pragma unroll
    for (int i = 0; i < ATT_DMAX / 32; i++) acc[i] = 0.f;
    for (int j0 = 0; j0 < tk; j0 += ATT_TILE) {
        const int nk = min(ATT_TILE, tk - j0);
        __syncthreads();
        att_load_tile(&sk[0][0], ATT_DMAX + 1, kb, j0, tk, d);
        att_load_tile(&sv[0][0], ATT_DMAX + 1, vb, j0, tk, dv);
        __syncthreads();
        if (!active) continue;
        float ds = 0.f;
        if (lane < nk) {
            float dot = 0.f, dp = 0.f;
            for (int dd = 0; dd < d; dd++) dot = fmaf(sq[warp][dd], sk[lane][dd], dot);
            for (int dd = 0; dd < dv; dd++) dp = fmaf(sdo[warp][dd], sv[lane][dd], dp);
            float s = att_masked(mrow, mk, j0 + lane) ? ATT_MASKED : dot * scale;
            ds = expf(s - li) * (dp - di);
        }
        for (int jj = 0; jj < nk; jj++) {
            const float dsj = __shfl_sync(0xffffffffu, ds, jj);
            #pragma unroll
            for (int i = 0; i < ATT_DMAX / 32; i++) {
                int dd = lane + 32 * i;
                if (dd < d) acc[i] = fmaf(dsj, sk[jj][dd], acc[i]);
            }
        }
    }
    if (!active) return;
    #pragma unroll
    for (int i = 0; i < ATT_DMAX / 32; i++) {
        int dd = lane + 32 * i;
        if (dd < d) dq[r * d + dd] = acc[i] * scale;
    }
}

// Runs after attention_backward_dq_f32 on the same stream: it reads the delta that kernel wrote.
extern "C" __global__ void __launch_bounds__(ATT_THREADS)
attention_backward_dkv_f32(int tq, int tk, int d, int dv, float scale, const float* q, const float* k, const float* v,
                           const float* mask, Sizes mb, Strides ms, long long mq, long long mk,
                           const float* lse, const float* delta, const float* dout, float* dk, float* dvout) {
    __shared__ float sq[ATT_TILE][ATT_DMAX + 1];
    __shared__ float sdo[ATT_TILE][ATT_DMAX + 1];
    __shared__ float skr[ATT_WARPS][ATT_DMAX];
    __shared__ float svr[ATT_WARPS][ATT_DMAX];
    __shared__ float slse[ATT_TILE], sdelta[ATT_TILE];
    const int bh = blockIdx.x, warp = threadIdx.x >> 5, lane = threadIdx.x & 31;
    const int key = blockIdx.y * ATT_WARPS + warp;
    const bool active = key < tk;
    const long long kr = (long long)bh * tk + key;
    const float* qb = q + (long long)bh * tq * d;
    const float* ob = dout + (long long)bh * tq * dv;
    const float* mbase = mask != nullptr ? mask + strided_offset(bh, mb, ms) : nullptr;
    for (int e = lane; e < d; e += 32) skr[warp][e] = active ? k[kr * d + e] : 0.f;
    for (int e = lane; e < dv; e += 32) svr[warp][e] = active ? v[kr * dv + e] : 0.f;

    float gk[ATT_DMAX / 32], gv[ATT_DMAX / 32];
    #pragma unroll
    for (int i = 0; i < ATT_DMAX / 32; i++) { gk[i] = 0.f; gv[i] = 0.f; }
    for (int i0 = 0; i0 < tq; i0 += ATT_TILE) {
        const int nq = min(ATT_TILE, tq - i0);
        __syncthreads();
        att_load_tile(&sq[0][0], ATT_DMAX + 1, qb, i0, tq, d);
        att_load_tile(&sdo[0][0], ATT_DMAX + 1, ob, i0, tq, dv);
        if (threadIdx.x < ATT_TILE) {
            int ii = threadIdx.x;
            slse[ii] = ii < nq ? lse[(long long)bh * tq + i0 + ii] : 0.f;
            sdelta[ii] = ii < nq ? delta[(long long)bh * tq + i0 + ii] : 0.f;
        }
        __syncthreads();
        if (!active) continue;
        float p = 0.f, ds = 0.f;
        if (lane < nq) {
            float dot = 0.f, dp = 0.f;
            for (int dd = 0; dd < d; dd++) dot = fmaf(sq[lane][dd], skr[warp][dd], dot);
            for (int dd = 0; dd < dv; dd++) dp = fmaf(sdo[lane][dd], svr[warp][dd], dp);
            bool masked = mbase != nullptr && mbase[(i0 + lane) * mq + (long long)key * mk] == 0.f;
            float s = masked ? ATT_MASKED : dot * scale;
            p = expf(s - slse[lane]);
            ds = p * (dp - sdelta[lane]);
        }
        for (int ii = 0; ii < nq; ii++) {
            const float pi = __shfl_sync(0xffffffffu, p, ii), dsi = __shfl_sync(0xffffffffu, ds, ii);
            #pragma unroll
            for (int i = 0; i < ATT_DMAX / 32; i++) {
                int dd = lane + 32 * i;
                if (dd < dv) gv[i] = fmaf(pi, sdo[ii][dd], gv[i]);
                if (dd < d) gk[i] = fmaf(dsi, sq[ii][dd], gk[i]);
            }
        }
    }
    if (!active) return;
    #pragma unroll
    for (int i = 0; i < ATT_DMAX / 32; i++) {
        int dd = lane + 32 * i;
        if (dd < d) dk[kr * d + dd] = gk[i] * scale;
        if (dd < dv) dvout[kr * dv + dd] = gv[i];
    }
}
