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

extern "C" __global__ void max_pool_f32(PoolShape s, const float* x, float* out, int* idx) {
    long long n = (long long)s.planes * s.oh * s.ow;
    GRID_STRIDE_LOOP(o, n) {
        int ox = (int)(o % s.ow), oy = (int)((o / s.ow) % s.oh);
        const float* plane = x + (o / ((long long)s.oh * s.ow)) * s.h * s.w;
        float best = -INFINITY;
        int arg = -1;
        for (int ki = 0; ki < s.kh; ki++) {
            int iy = oy * s.sh - s.ph + ki;
            if (iy < 0 || iy >= s.h) continue;
            for (int kj = 0; kj < s.kw; kj++) {
                int ix = ox * s.sw - s.pw + kj;
                if (ix < 0 || ix >= s.w) continue;
                float v = plane[iy * s.w + ix];
                if (arg < 0 || v > best || (v != v && best == best)) { best = v; arg = iy * s.w + ix; }
            }
        }
        out[o] = best;
        idx[o] = arg;
    }
}

extern "C" __global__ void avg_pool_f32(PoolShape s, int count_pad, const float* x, float* out) {
    long long n = (long long)s.planes * s.oh * s.ow;
    GRID_STRIDE_LOOP(o, n) {
        int ox = (int)(o % s.ow), oy = (int)((o / s.ow) % s.oh);
        const float* plane = x + (o / ((long long)s.oh * s.ow)) * s.h * s.w;
        double sum = 0.0;
        int cells = 0;
        for (int ki = 0; ki < s.kh; ki++) {
            int iy = oy * s.sh - s.ph + ki;
            if (iy < 0 || iy >= s.h) continue;
            for (int kj = 0; kj < s.kw; kj++) {
                int ix = ox * s.sw - s.pw + kj;
                if (ix < 0 || ix >= s.w) continue;
                sum += plane[iy * s.w + ix];
                cells++;
            }
        }
        out[o] = (float)(sum / (count_pad ? s.kh * s.kw : cells));
    }
}

extern "C" __global__ void avg_pool_backward_f32(PoolShape s, int count_pad, const float* dout, float* dx) {
    long long n = (long long)s.planes * s.h * s.w;
    GRID_STRIDE_LOOP(i, n) {
        int ix = (int)(i % s.w), iy = (int)((i / s.w) % s.h);
        const float* dplane = dout + (i / ((long long)s.h * s.w)) * s.oh * s.ow;
        // outputs whose window [o*s - p, o*s - p + k) holds the pixel
        int oy0 = max(0, (iy + s.ph - s.kh + s.sh) / s.sh), oy1 = min(s.oh - 1, (iy + s.ph) / s.sh);
        int ox0 = max(0, (ix + s.pw - s.kw + s.sw) / s.sw), ox1 = min(s.ow - 1, (ix + s.pw) / s.sw);
        float acc = 0.f;
        for (int oy = oy0; oy <= oy1; oy++) {
            int y0 = max(0, oy * s.sh - s.ph), y1 = min(s.h, oy * s.sh - s.ph + s.kh);
            for (int ox = ox0; ox <= ox1; ox++) {
                int x0 = max(0, ox * s.sw - s.pw), x1 = min(s.w, ox * s.sw - s.pw + s.kw);
                int cells = count_pad ? s.kh * s.kw : (y1 - y0) * (x1 - x0);
                acc = __fadd_rn(acc, __fdiv_rn(dplane[oy * s.ow + ox], (float)cells));
            }
        }
        dx[i] = acc;
    }
}
