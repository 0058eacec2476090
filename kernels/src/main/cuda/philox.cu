// Philox 4x32-10 random numbers, the same stream as facet.kernels.cpu.Philox bit for bit:
// element i of a request starting at block `offset` is lane i % 4 of block offset + i / 4, the
// block being counter (b low, b high, 0, 0) under key (seed low, seed high). Uniforms keep 24 bits,
// exact in float; normals are Box-Muller on lane pairs (0,1), (2,3) computed in double and rounded
// once, as the CPU does (they agree unless a libm difference of an ulp in double crosses a float
// rounding boundary: about one value in 10^8).
// Algorithm: one thread per block of four outputs. Bottleneck: integer multiplies (10 rounds).
#include "common.cuh"

FACET_HD void philox_block(unsigned long long b, unsigned long long seed, unsigned out[4]) {
    unsigned c0 = (unsigned)b, c1 = (unsigned)(b >> 32), c2 = 0u, c3 = 0u;
    unsigned k0 = (unsigned)seed, k1 = (unsigned)(seed >> 32);
    #pragma unroll
    for (int r = 0; r < 10; r++) {
        unsigned hi0 = umulhi(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
        unsigned hi1 = umulhi(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
        unsigned n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c1 = lo1;
        c3 = lo0;
        c0 = n0;
        c2 = n2;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    out[0] = c0; out[1] = c1; out[2] = c2; out[3] = c3;
}

FACET_HD float philox_uniform(unsigned w) { return (float)(w >> 8) * 0x1p-24f; }

FACET_HD void box_muller(unsigned w0, unsigned w1, float* z) {
    double u1 = 1.0 - (double)philox_uniform(w0), u2 = philox_uniform(w1);
    double r = sqrt(-2.0 * log(u1)), theta = 2.0 * 3.141592653589793 * u2;
    z[0] = (float)(r * cos(theta));
    z[1] = (float)(r * sin(theta));
}

// Outputs 4t .. 4t+3 (those below n) of the request: one thread's work.
FACET_HD void philox_fill(int normal, long long n, unsigned long long seed, unsigned long long offset, long long t, float* out) {
    unsigned w[4];
    philox_block(offset + (unsigned long long)t, seed, w);
    float v[4];
    if (normal) {
        box_muller(w[0], w[1], v);
        box_muller(w[2], w[3], v + 2);
    } else {
        for (int l = 0; l < 4; l++) v[l] = philox_uniform(w[l]);
    }
    for (int l = 0; l < 4 && t * 4 + l < n; l++) out[t * 4 + l] = v[l];
}

extern "C" __global__ void philox_f32(int normal, long long n, unsigned long long seed, unsigned long long offset,
                                      float* out) {
    GRID_STRIDE_LOOP(t, (n + 3) / 4) philox_fill(normal, n, seed, offset, t, out);
}
