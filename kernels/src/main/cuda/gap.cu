// Global average pooling: x (outer, A, inner) -> out (outer, inner), the mean over A
// (the CPU twin: kernels/cpu/Gap.java).
//
// Algorithm: v1 (this), two kernels by layout.
//   gap_rows (inner = 1: a ResNet's planes, ESGM's A V over its channels): one warp per output,
//   lanes stride along the contiguous row, a shuffle sum in double.
//   gap_columns (inner > 1: ESGM's A V over its tokens): one thread per output, walking A rows
//   inner apart; neighbouring threads read neighbouring columns, so each step is coalesced.
// Layout: x contiguous (outer, A, inner); out contiguous (outer, inner).
// Bottleneck: memory, 4 bytes read per element (W3's A V: 32 x 64 x 192, 1.6 MB).
#include "common.cuh"

#define GAP_WARPS 8

extern "C" __global__ void __launch_bounds__(32 * GAP_WARPS)
gap_rows(long long outer, int a, const float* x, float* out) {
    long long o = (long long)blockIdx.x * GAP_WARPS + (threadIdx.x >> 5);
    int lane = threadIdx.x & 31;
    if (o >= outer) return;
    const float* row = x + o * a;
    double s = 0.0;
    for (int j = lane; j < a; j += 32) s += row[j];
    s = warp_sum_d(s);
    if (lane == 0) out[o] = (float)(s / a);
}

extern "C" __global__ void gap_columns(long long n, int a, int inner, const float* x, float* out) {
    GRID_STRIDE_LOOP(i, n) {
        long long o = i / inner, c = i - o * inner;
        const float* col = x + o * a * inner + c;
        double s = 0.0;
        for (int k = 0; k < a; k++) s += col[(long long)k * inner];
        out[i] = (float)(s / a);
    }
}
