// Masked MSE, MAE's reconstruction loss, and its backward (the CPU twin: kernels/cpu/MaskedMse.java).
//
// Algorithm: R rows (patches) of L values. loss = sum_r m_r mean_j (p - t)^2 / max(sum_r m_r, 1),
// t optionally standardised per row: (t - mean) / sqrt(unbiased var + 1e-6) (norm_pix_loss).
//   v1 (this): masked_mse_rows, one warp per row: a row with m_r = 0 writes 0 and reads nothing;
//   otherwise the warp takes the target's mean, then its centred sum of squares (two passes, as
//   the composed op), then sum_j (p - t_hat)^2, and writes m_r * that / L to rows[r].
//   masked_mse_finish, one block: sum of rows[] and of mask[] in a fixed order (double), then
//   loss = sum / max(count, 1) on the device, so the count is never read on the host.
//   masked_mse_backward, one warp per row: count again per warp (mask is R floats, from L2),
//   the same statistics, dPred = 2 m_r dOut (p - t_hat) / (L max(count, 1)).
// Layout: pred, target, dPred (R, L) contiguous; mask (R); dOut and loss device scalars; rows (R) scratch.
// Bottleneck: memory. Forward reads 8 bytes per element of a counted row (W3: 32 x 64 x 192, half
// counted: 1.6 MB); backward reads 8 and writes 4 per element. The per-warp count in the backward
// re-reads R floats per row (R^2 / 32 loads, 130 k for W3's R = 2048), all from L2.
#include "common.cuh"

#define MSE_WARPS 4

struct RowStats { float mean, rstd; };

// {mean, rstd} of one target row, or {0, 1}; every lane of the warp gets them.
__device__ __forceinline__ RowStats row_stats(const float* t, int len, int norm) {
    if (!norm) return RowStats{0.f, 1.f};
    int lane = threadIdx.x & 31;
    double s = 0.0;
    for (int j = lane; j < len; j += 32) s += t[j];
    float mean = (float)(warp_sum_d(s) / len);
    double q = 0.0;
    for (int j = lane; j < len; j += 32) { float d = t[j] - mean; q += (double)d * d; }
    float rstd = (float)(1.0 / sqrt(warp_sum_d(q) / (len - 1) + 1e-6));
    return RowStats{mean, rstd};
}

extern "C" __global__ void __launch_bounds__(32 * MSE_WARPS)
masked_mse_rows(int rows, int len, int norm, const float* pred, const float* target, const float* mask, float* out_rows) {
    int r = blockIdx.x * MSE_WARPS + (threadIdx.x >> 5), lane = threadIdx.x & 31;
    if (r >= rows) return;
    float m = mask[r];
    if (m == 0.f) { if (lane == 0) out_rows[r] = 0.f; return; }
    const float* p = pred + (long long)r * len;
    const float* t = target + (long long)r * len;
    RowStats st = row_stats(t, len, norm);
    double s = 0.0;
    for (int j = lane; j < len; j += 32) { float d = p[j] - (t[j] - st.mean) * st.rstd; s += (double)d * d; }
    s = warp_sum_d(s);
    if (lane == 0) out_rows[r] = (float)(m * s / len);
}

extern "C" __global__ void __launch_bounds__(256)
masked_mse_finish(int rows, const float* row_loss, const float* mask, float* loss) {
    __shared__ double scratch[32];
    double s = 0.0, c = 0.0;
    for (int r = threadIdx.x; r < rows; r += blockDim.x) { s += row_loss[r]; c += mask[r]; }
    s = block_sum_d(s, scratch);
    c = block_sum_d(c, scratch);
    if (threadIdx.x == 0) loss[0] = (float)(s / fmax(c, 1.0));
}

extern "C" __global__ void __launch_bounds__(32 * MSE_WARPS)
masked_mse_backward(int rows, int len, int norm, const float* pred, const float* target, const float* mask, const float* d_out,
                    float* d_pred) {
    int r = blockIdx.x * MSE_WARPS + (threadIdx.x >> 5), lane = threadIdx.x & 31;
    if (r >= rows) return;
    float* dp = d_pred + (long long)r * len;
    float m = mask[r];
    if (m == 0.f) { for (int j = lane; j < len; j += 32) dp[j] = 0.f; return; }
    double c = 0.0;
    for (int i = lane; i < rows; i += 32) c += mask[i];
    float s = (float)(2.0 * d_out[0] / (len * fmax(warp_sum_d(c), 1.0)) * m);
    const float* p = pred + (long long)r * len;
    const float* t = target + (long long)r * len;
    RowStats st = row_stats(t, len, norm);
    for (int j = lane; j < len; j += 32) dp[j] = s * (p[j] - (t[j] - st.mean) * st.rstd);
}
