package facet.kernels.cpu;

import facet.kernels.ConvGeometry;
import jdk.incubator.vector.FloatVector;

import static facet.kernels.cpu.GemmKernel.L;
import static facet.kernels.cpu.GemmKernel.NR;
import static facet.kernels.cpu.GemmKernel.S;

/**
 * The im2col matrix of a whole batch, never materialised: the batch is copied once into a
 * zero-padded buffer (N, C, H + 2PH, W + 2PW), after which element (r, q) of a group's column
 * matrix (K x N*P) is simply {@code pad[group offset + tap[r] + pixel[q]]}, with tap[r] the
 * padded-image offset of kernel tap r = (ci, ki, kj) and pixel[q] that of batch pixel q's
 * receptive field. Packing a GEMM panel is then one vector gather per k step instead of a
 * bounds-checked scalar loop per element: the scalar packer cost a third of a 3x3 convolution
 * at 8x8, where each column is reused by few output channels.
 */
final class PaddedBatch {
    private final float[] pad;
    private final int[] tap, pixel;
    private final int groupStride;

    private PaddedBatch(float[] pad, int[] tap, int[] pixel, int groupStride) {
        this.pad = pad;
        this.tap = tap;
        this.pixel = pixel;
        this.groupStride = groupStride;
    }

    /** Pads x (N, C, H, W) into the calling thread's CONV_BATCH scratch, images in parallel. */
    static PaddedBatch of(ConvGeometry g, float[] x) {
        // the grid covers every receptive field: with the output size rounded toward zero, the last
        // one may reach past the padding (e.g. width 4, kernel 3, dilation 2, stride 2: out width 1)
        int hp = Math.max(g.h() + 2 * g.ph(), (g.oh() - 1) * g.sh() + (g.kh() - 1) * g.dh() + 1);
        int wp = Math.max(g.w() + 2 * g.pw(), (g.ow() - 1) * g.sw() + (g.kw() - 1) * g.dw() + 1);
        int plane = hp * wp, image = g.c() * plane;
        int ow = g.ow(), p = g.oh() * ow, kk = g.patch();
        float[] pad = Scratch.floats(Scratch.Slot.CONV_BATCH, g.n() * image);
        Parallel.forRange(g.n(), (long) image, n -> {
            java.util.Arrays.fill(pad, n * image, (n + 1) * image, 0f);
            for (int c = 0; c < g.c(); c++) {
                for (int y = 0; y < g.h(); y++) {
                    System.arraycopy(x, ((n * g.c() + c) * g.h() + y) * g.w(), pad, n * image + c * plane + (y + g.ph()) * wp + g.pw(), g.w());
                }
            }
        });
        int[] tap = new int[kk];
        for (int r = 0; r < kk; r++) {
            int kj = r % g.kw(), ki = (r / g.kw()) % g.kh(), ci = r / (g.kw() * g.kh());
            tap[r] = ci * plane + ki * g.dh() * wp + kj * g.dw();
        }
        int[] pixel = new int[g.n() * p];
        for (int q = 0; q < g.n() * p; q++) {
            int n = q / p, oy = (q % p) / ow, ox = q % ow;
            pixel[q] = n * image + oy * g.sh() * wp + ox * g.sw();
        }
        return new PaddedBatch(pad, tap, pixel, g.cg() * plane);
    }

    /** Group gr's column matrix (K x N*P) as GEMM's right operand. */
    Gemm.PackB columns(int gr) { return gathered(gr * groupStride, tap, pixel); }

    /** Group gr's column matrix transposed (N*P x K) as GEMM's right operand: the weight gradient dW = dOut col^T. */
    Gemm.PackB columnsTransposed(int gr) { return gathered(gr * groupStride, pixel, tap); }

    /** The matrix B[p][j] = pad[base + row[p] + column[j]] as GEMM's right operand: two vector gathers per k step of a full strip. */
    private Gemm.PackB gathered(int base, int[] row, int[] column) {
        return (p0, kc, j0, cols, dst, o) -> {
            if (cols == NR && !Simd.SCALAR) {
                for (int p = 0; p < kc; p++) {
                    int at = base + row[p0 + p];
                    FloatVector.fromArray(S, pad, at, column, j0).intoArray(dst, o + p * NR);
                    FloatVector.fromArray(S, pad, at, column, j0 + L).intoArray(dst, o + p * NR + L);
                }
                return;
            }
            for (int p = 0; p < kc; p++) {
                int at = base + row[p0 + p], d = o + p * NR;
                for (int j = 0; j < cols; j++) dst[d + j] = pad[at + column[j0 + j]];
                java.util.Arrays.fill(dst, d + cols, d + NR, 0f);
            }
        };
    }
}
