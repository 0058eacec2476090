// Max and average pooling over contiguous (planes, H, W) input, planes = N * C, and the average
// pool's backward. Max pooling also writes the flat winner index (iy * W + ix) per output; its
// backward is a scatter-add done by index.cu.
//
// Algorithm: one thread per output (forward) or per input pixel (avg backward: it gathers the
// windows that cover it in row-major order, so it adds in the CPU kernel's order, needs no
// atomics, and is deterministic). Ties and NaN follow facet.kernels.cpu.Pool2d exactly.
// Bottleneck: memory; each input is read about KH*KW / (SH*SW) times, mostly from L1/L2.
#include "common.cuh"

struct PoolShape { int planes, h, w, kh, kw, sh, sw, ph, pw, oh, ow; };

// Calls visit(value, iy * W + ix) for each cell of output o's window inside the image, in row-major order.
template <class Visit>
FACET_HD void pool_window(const PoolShape& s, const float* x, long long o, Visit visit) {
    int ox = (int)(o % s.ow), oy = (int)((o / s.ow) % s.oh);
    const float* plane = x + (o / ((long long)s.oh * s.ow)) * s.h * s.w;
    for (int ki = 0; ki < s.kh; ki++) {
        int iy = oy * s.sh - s.ph + ki;
        if (iy < 0 || iy >= s.h) continue;
        for (int kj = 0; kj < s.kw; kj++) {
            int ix = ox * s.sw - s.pw + kj;
            if (ix >= 0 && ix < s.w) visit(plane[iy * s.w + ix], iy * s.w + ix);
        }
    }
}

// Output o of max pooling: the window's maximum and its flat index in the plane.
FACET_HD void max_pool_at(const PoolShape& s, const float* x, long long o, float* out, int* idx) {
    float best = -INFINITY;
    int arg = -1;
    pool_window(s, x, o, [&](float v, int at) {
        if (arg < 0 || v > best || (v != v && best == best)) { best = v; arg = at; }
    });
    out[o] = best;
    idx[o] = arg;
}

// Output o of average pooling: the double sum of the window's cells inside the image over the divisor.
FACET_HD float avg_pool_at(const PoolShape& s, int count_pad, const float* x, long long o) {
    double sum = 0.0;
    int cells = 0;
    pool_window(s, x, o, [&](float v, int) { sum += v; cells++; });
    return (float)(sum / (count_pad ? s.kh * s.kw : cells));
}

// Input pixel i's gradient: the outputs whose window [o*s - p, o*s - p + k) holds it, in row-major order.
FACET_HD float avg_pool_backward_at(const PoolShape& s, int count_pad, const float* dout, long long i) {
    int ix = (int)(i % s.w), iy = (int)((i / s.w) % s.h);
    const float* dplane = dout + (i / ((long long)s.h * s.w)) * s.oh * s.ow;
    int oy0 = imax(0, (iy + s.ph - s.kh + s.sh) / s.sh), oy1 = imin(s.oh - 1, (iy + s.ph) / s.sh);
    int ox0 = imax(0, (ix + s.pw - s.kw + s.sw) / s.sw), ox1 = imin(s.ow - 1, (ix + s.pw) / s.sw);
    float acc = 0.f;
    for (int oy = oy0; oy <= oy1; oy++) {
        int y0 = imax(0, oy * s.sh - s.ph), y1 = imin(s.h, oy * s.sh - s.ph + s.kh);
        for (int ox = ox0; ox <= ox1; ox++) {
            int x0 = imax(0, ox * s.sw - s.pw), x1 = imin(s.w, ox * s.sw - s.pw + s.kw);
            int cells = count_pad ? s.kh * s.kw : (y1 - y0) * (x1 - x0);
            acc = add_rn(acc, div_rn(dplane[oy * s.ow + ox], (float)cells));
        }
    }
    return acc;
}

extern "C" __global__ void max_pool_f32(PoolShape s, const float* x, float* out, int* idx) {
    GRID_STRIDE_LOOP(o, (long long)s.planes * s.oh * s.ow) max_pool_at(s, x, o, out, idx);
}

extern "C" __global__ void avg_pool_f32(PoolShape s, int count_pad, const float* x, float* out) {
    GRID_STRIDE_LOOP(o, (long long)s.planes * s.oh * s.ow) out[o] = avg_pool_at(s, count_pad, x, o);
}

extern "C" __global__ void avg_pool_backward_f32(PoolShape s, int count_pad, const float* dout, float* dx) {
    GRID_STRIDE_LOOP(i, (long long)s.planes * s.h * s.w) dx[i] = avg_pool_backward_at(s, count_pad, dout, i);
}
