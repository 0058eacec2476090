// 2-d convolution (cross-correlation) forward and both backwards as implicit GEMMs: the im2col
// matrix is never stored; each GEMM operand load computes its image coordinate on the fly.
//
// Shapes (NCHW input, OIHW weight, groups g; cg = C/g, og = O/g, KK = cg*KH*KW):
//   forward      per group: out (og x N*OH*OW) = W (og x KK) . col (KK x N*OH*OW)
//   dX           per group: dX (cg x N*H*W) = W^T (cg x og*KH*KW) . dcol, where dcol(o,ki,kj ; n,iy,ix)
//                is dOut at the output pixel whose tap (ki, kj) lands on (iy, ix), or 0: a gather,
//                so no atomics and a deterministic result (stride-s convs read s^2 - 1 zeros of s^2)
//   dW           per group: dW (og x KK) = dOut (og x N*OH*OW) . col^T; the long k dim (N*OH*OW) is
//                split over `splits` blocks writing partial sums that a fixed-order reduction adds.
// blockIdx.z = group + groups * split. All tensors contiguous (the Java side copies views first).
// Bottleneck: compute, 2 * N*O*OH*OW*KK flops per pass, plus the index arithmetic of the loaders.
#include "gemm_core.cuh"

struct ConvShape {
    int n, c, h, w, o, kh, kw, sh, sw, ph, pw, dh, dw, groups, oh, ow;
};

// The input pixel that column (k = (ci, ki, kj), q = (img, oy, ox)) of the im2col matrix reads.
FACET_HD float im2col_at(const ConvShape& s, const float* x, int group, long long k, long long q) {
    int khw = s.kh * s.kw, ohw = s.oh * s.ow;
    int ci = (int)(k / khw), r = (int)(k % khw), ki = r / s.kw, kj = r % s.kw;
    int img = (int)(q / ohw), pix = (int)(q % ohw), oy = pix / s.ow, ox = pix % s.ow;
    int iy = oy * s.sh - s.ph + ki * s.dh, ix = ox * s.sw - s.pw + kj * s.dw;
    if (iy < 0 || iy >= s.h || ix < 0 || ix >= s.w) return 0.f;
    int cg = s.c / s.groups;
    return x[(((long long)img * s.c + group * cg + ci) * s.h + iy) * s.w + ix];
}

struct ConvForward {
    int m, n;                       // og, N*OH*OW
    ConvShape s; int group; const float* x; const float* w; float* out;
    FACET_HD float a(int i, long long k) const {
        long long kk = (long long)(s.c / s.groups) * s.kh * s.kw;
        return w[((long long)group * m + i) * kk + k];
    }
    FACET_HD float b(long long k, int q) const { return im2col_at(s, x, group, k, q); }
    FACET_HD void store(int i, int q, float v) const {
        int ohw = s.oh * s.ow, img = q / ohw, pix = q % ohw;
        out[((long long)img * s.o + group * m + i) * ohw + pix] = v;
    }
};

struct ConvBackwardInput {
    int m, n;                       // cg, N*H*W
    ConvShape s; int group; const float* dout; const float* w; float* dx;
    FACET_HD float a(int ci, long long k) const {     // k = (o, ki, kj) within the group
        int khw = s.kh * s.kw, o = (int)(k / khw), r = (int)(k % khw), og = s.o / s.groups;
        return w[(((long long)group * og + o) * m + ci) * khw + r];
    }
    FACET_HD float b(long long k, int q) const {
        int khw = s.kh * s.kw, o = (int)(k / khw), r = (int)(k % khw), ki = r / s.kw, kj = r % s.kw;
        int hw = s.h * s.w, img = q / hw, pix = q % hw, iy = pix / s.w, ix = pix % s.w;
        int ty = iy + s.ph - ki * s.dh, tx = ix + s.pw - kj * s.dw;
        if (ty < 0 || tx < 0 || ty % s.sh != 0 || tx % s.sw != 0) return 0.f;
        int oy = ty / s.sh, ox = tx / s.sw;
        if (oy >= s.oh || ox >= s.ow) return 0.f;
        int og = s.o / s.groups;
        return dout[(((long long)img * s.o + group * og + o) * s.oh + oy) * s.ow + ox];
    }
    FACET_HD void store(int ci, int q, float v) const {
        int hw = s.h * s.w, img = q / hw, pix = q % hw;
        dx[((long long)img * s.c + group * m + ci) * hw + pix] = v;
    }
};

struct ConvBackwardWeight {
    int m, n;                       // og, KK
    ConvShape s; int group; const float* x; const float* dout; float* dw;   // dw: this split's O x KK slab
    FACET_HD float a(int i, long long q) const {          // q = (img, oy, ox)
        int ohw = s.oh * s.ow;
        long long img = q / ohw, pix = q % ohw;
        return dout[(img * s.o + group * m + i) * ohw + pix];
    }
    FACET_HD float b(long long q, int k) const { return im2col_at(s, x, group, k, q); }
    FACET_HD void store(int i, int k, float v) const { dw[((long long)group * m + i) * n + k] = v; }
};

// The GEMM problems of one group (and, for dW, one split's slab of the partial sums).
FACET_HD ConvForward conv_forward_problem(const ConvShape& s, int group, const float* x, const float* w, float* out) {
    return ConvForward{s.o / s.groups, s.n * s.oh * s.ow, s, group, x, w, out};
}

FACET_HD ConvBackwardInput conv_backward_input_problem(const ConvShape& s, int group, const float* dout, const float* w, float* dx) {
    return ConvBackwardInput{s.c / s.groups, s.n * s.h * s.w, s, group, dout, w, dx};
}

FACET_HD ConvBackwardWeight conv_backward_weight_problem(const ConvShape& s, int group, int split, const float* x,
                                                         const float* dout, float* dw_parts) {
    int kk = (s.c / s.groups) * s.kh * s.kw;
    return ConvBackwardWeight{s.o / s.groups, kk, s, group, x, dout, dw_parts + (long long)split * s.o * kk};
}

template <bool TF32>
__device__ __forceinline__ void conv_forward(ConvShape s, const float* x, const float* w, float* out) {
    ConvForward p = conv_forward_problem(s, (int)blockIdx.z, x, w, out);
    gemm_tile<TF32>(p, blockIdx.y * TILE_M, blockIdx.x * TILE_N, 0, (long long)(s.c / s.groups) * s.kh * s.kw);
}

template <bool TF32>
__device__ __forceinline__ void conv_backward_input(ConvShape s, const float* dout, const float* w, float* dx) {
    ConvBackwardInput p = conv_backward_input_problem(s, (int)blockIdx.z, dout, w, dx);
    gemm_tile<TF32>(p, blockIdx.y * TILE_M, blockIdx.x * TILE_N, 0, (long long)(s.o / s.groups) * s.kh * s.kw);
}

// dw_parts holds `splits` slabs of O x KK; slab `split` sums k over [split * chunk, (split + 1) * chunk).
template <bool TF32>
__device__ __forceinline__ void conv_backward_weight(ConvShape s, int splits, long long chunk, const float* x,
                                                     const float* dout, float* dw_parts) {
    int group = blockIdx.z % s.groups, split = blockIdx.z / s.groups;
    long long total = (long long)s.n * s.oh * s.ow, k0 = split * chunk, k1 = min(total, k0 + chunk);
    ConvBackwardWeight p = conv_backward_weight_problem(s, group, split, x, dout, dw_parts);
    if (split < splits) gemm_tile<TF32>(p, blockIdx.y * TILE_M, blockIdx.x * TILE_N, k0, k1);
}

#define FACET_CONV(SUFFIX, TF32) \
    extern "C" __global__ void __launch_bounds__(GEMM_THREADS) \
    conv2d_forward_##SUFFIX(ConvShape s, const float* x, const float* w, float* out) { conv_forward<TF32>(s, x, w, out); } \
    extern "C" __global__ void __launch_bounds__(GEMM_THREADS) \
    conv2d_backward_input_##SUFFIX(ConvShape s, const float* dout, const float* w, float* dx) { \
        conv_backward_input<TF32>(s, dout, w, dx); } \
    extern "C" __global__ void __launch_bounds__(GEMM_THREADS) \
    conv2d_backward_weight_##SUFFIX(ConvShape s, int splits, long long chunk, const float* x, const float* dout, float* dw) { \
        conv_backward_weight<TF32>(s, splits, chunk, x, dout, dw); }
FACET_CONV(f32, false)
#ifndef FACET_EMULATE
FACET_CONV(tf32, true)
#endif
