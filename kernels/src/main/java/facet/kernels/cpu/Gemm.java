package facet.kernels.cpu;

import jdk.incubator.vector.FloatVector;

import static facet.kernels.cpu.GemmKernel.MR;
import static facet.kernels.cpu.GemmKernel.NR;

/**
 * Single-precision GEMM, C = A B or C += A B. A and B are either strided matrices (a transpose
 * is a swap of row and column strides, so all four transpose combinations are one code path)
 * or any source that can pack itself: convolution packs im2col straight into the micro-kernel's
 * layout, so no im2col matrix is ever materialised.
 *
 * <p>Blocking follows BLIS: for each KC-deep slab, B is packed into NR-wide k-major strips
 * (L2/L3) and each MC-row block of A into MR-row k-major slivers (L2); the micro-kernel then
 * streams A slivers past one B strip (KC x NR = 32 KiB at AVX-512, sized for the 48 KiB L1).
 * Threads split C into row ranges (or column ranges when C is wide and short) and each runs
 * the whole blocked loop with its own packed copies: packing B twice costs less than the
 * barriers sharing it would need (measured: 1.76x -> 1.98x speed-up on 2 threads at n = 1024).
 * Flops: 2 m n k. Packing moves (m + n) k floats per slab, negligible once m, n >> MR, NR.
 */
public final class Gemm {
    private Gemm() {}

    static final int KC = 256;
    static final int MC = 256;
    /** Below this many multiply-adds packing costs more than it saves. */
    static final long SMALL = 16 * 1024;
    /** Below this many flops a GEMM runs on one thread: a fork/join round trip costs microseconds. */
    static final long PARALLEL_FLOPS = 1L << 20;

    /** Which micro-kernel runs: the benchmark compares both; -Dfacet.scalar=true makes SCALAR the default. */
    public enum Variant { SCALAR, VECTOR }

    public static Variant defaultVariant() { return Simd.SCALAR ? Variant.SCALAR : Variant.VECTOR; }

    /** A left operand that packs itself: dst[off + p*MR + r] = A[i0 + r][p0 + p] for r < rows, 0 for rows <= r < MR. */
    @FunctionalInterface
    public interface PackA {
        void packA(int i0, int rows, int p0, int kc, float[] dst, int off);
    }

    /** A right operand that packs itself: dst[off + p*NR + j] = B[p0 + p][j0 + j] for j < cols, 0 for cols <= j < NR. */
    @FunctionalInterface
    public interface PackB {
        void packB(int p0, int kc, int j0, int cols, float[] dst, int off);
    }

    /**
     * @param aRs row stride of A (m x k), aCs its column stride; likewise for B (k x n).
     *            C (m x n) has row stride ldc and unit column stride.
     */
    public static void gemm(int m, int n, int k,
                            float[] a, int aOff, int aRs, int aCs,
                            float[] b, int bOff, int bRs, int bCs,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        gemm(defaultVariant(), m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
    }

    public static void gemm(Variant variant, int m, int n, int k,
                            float[] a, int aOff, int aRs, int aCs,
                            float[] b, int bOff, int bRs, int bCs,
                            float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        if (k == 0 || (long) m * n * k < SMALL) {
            small(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate);
            return;
        }
        gemm(variant, m, n, k, strided(a, aOff, aRs, aCs), strided(b, bOff, bRs, bCs), c, cOff, ldc, accumulate);
    }

    /** C (m x n, row stride ldc) (+)= A B for self-packing operands, on all kernel threads. */
    public static void gemm(Variant variant, int m, int n, int k, PackA a, PackB b, float[] c, int cOff, int ldc, boolean accumulate) {
        if (m == 0 || n == 0) return;
        int t = Parallel.threads();
        if (t == 1 || 2L * m * n * k < PARALLEL_FLOPS) {
            serial(variant, 0, m, 0, n, k, a, b, c, cOff, ldc, accumulate);
        } else if ((m + MR - 1) / MR >= (n + NR - 1) / NR) {
            int tiles = (m + MR - 1) / MR, parts = Math.min(t, tiles);
            Parallel.forRange(parts, i -> serial(variant, Math.min(m, tiles * i / parts * MR),
                    Math.min(m, tiles * (i + 1) / parts * MR), 0, n, k, a, b, c, cOff, ldc, accumulate));
        } else {
            int tiles = (n + NR - 1) / NR, parts = Math.min(t, tiles);
            Parallel.forRange(parts, i -> serial(variant, 0, m, Math.min(n, tiles * i / parts * NR),
                    Math.min(n, tiles * (i + 1) / parts * NR), k, a, b, c, cOff, ldc, accumulate));
        }
    }

    /** The blocked product of C rows [i0, i1) x cols [j0, j1) on the calling thread, with its own buffers. */
    public static void serial(Variant variant, int i0, int i1, int j0, int j1, int k, PackA a, PackB b,
                              float[] c, int cOff, int ldc, boolean accumulate) {
        int n = j1 - j0, strips = (n + NR - 1) / NR;
        if (k == 0 && !accumulate) {
            for (int i = i0; i < i1; i++) java.util.Arrays.fill(c, cOff + i * ldc + j0, cOff + i * ldc + j1, 0f);
        }
        for (int pc = 0; pc < k; pc += KC) {
            int kc = Math.min(KC, k - pc);
            boolean add = accumulate || pc > 0;
            float[] bp = Scratch.floats(Scratch.Slot.GEMM_B, strips * kc * NR);
            for (int t = 0; t < strips; t++) b.packB(pc, kc, j0 + t * NR, Math.min(NR, n - t * NR), bp, t * kc * NR);
            for (int ib = i0; ib < i1; ib += MC) {
                block(variant, ib, Math.min(MC, i1 - ib), n, pc, kc, a, bp, c, cOff + ib * ldc + j0, ldc, add);
            }
        }
    }

    /** Packs A's rows [i0, i0 + rows) of this slab, then runs every micro-tile against the packed strips of B. */
    private static void block(Variant variant, int i0, int rows, int n, int pc, int kc, PackA a, float[] bp,
                              float[] c, int cOff, int ldc, boolean add) {
        int slivers = (rows + MR - 1) / MR;
        float[] ap = Scratch.floats(Scratch.Slot.GEMM_A, slivers * kc * MR);
        for (int s = 0; s < slivers; s++) a.packA(i0 + s * MR, Math.min(MR, rows - s * MR), pc, kc, ap, s * kc * MR);
        float[] tile = Scratch.floats(Scratch.Slot.GEMM_TILE, MR * NR);
        for (int t = 0, strips = (n + NR - 1) / NR; t < strips; t++) {
            int j0 = t * NR, cols = Math.min(NR, n - j0);
            for (int s = 0; s < slivers; s++) {
                int r0 = s * MR, rs = Math.min(MR, rows - r0);
                int ci = cOff + r0 * ldc + j0;
                if (rs == MR && cols == NR) {
                    micro(variant, kc, ap, s * kc * MR, bp, t * kc * NR, c, ci, ldc, add);
                } else {   // edge tile: compute a full tile aside, then fold in its valid part
                    micro(variant, kc, ap, s * kc * MR, bp, t * kc * NR, tile, 0, NR, false);
                    for (int r = 0; r < rs; r++) {
                        for (int q = 0; q < cols; q++) c[ci + r * ldc + q] = (add ? c[ci + r * ldc + q] : 0f) + tile[r * NR + q];
                    }
                }
            }
        }
    }

    private static void micro(Variant v, int kc, float[] ap, int a, float[] bp, int b, float[] c, int ci, int ldc, boolean add) {
        if (v == Variant.SCALAR) GemmKernel.scalar(kc, ap, a, bp, b, c, ci, ldc, add);
        else GemmKernel.vector(kc, ap, a, bp, b, c, ci, ldc, add);
    }

    /** A strided matrix, packable as either operand. */
    public static Strided2d strided(float[] x, int off, int rs, int cs) { return new Strided2d(x, off, rs, cs); }

    /** x[off + i*rs + j*cs] as a matrix. */
    public record Strided2d(float[] x, int off, int rs, int cs) implements PackA, PackB {
        @Override public void packA(int i0, int rows, int p0, int kc, float[] dst, int o) {
            for (int r = 0; r < MR; r++) {
                if (r < rows) {
                    for (int p = 0, xi = off + (i0 + r) * rs + p0 * cs; p < kc; p++, xi += cs) dst[o + p * MR + r] = x[xi];
                } else {
                    for (int p = 0; p < kc; p++) dst[o + p * MR + r] = 0f;
                }
            }
        }

        @Override public void packB(int p0, int kc, int j0, int cols, float[] dst, int o) {
            for (int p = 0; p < kc; p++) {
                int d = o + p * NR, src = off + (p0 + p) * rs + j0 * cs;
                if (cs == 1) {
                    System.arraycopy(x, src, dst, d, cols);
                } else {
                    for (int j = 0; j < cols; j++) dst[d + j] = x[src + j * cs];
                }
                for (int j = cols; j < NR; j++) dst[d + j] = 0f;
            }
        }
    }

    /** Unpacked row-by-row product for tiny problems: each row of C is a sum of scaled rows of B. */
    private static void small(int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
                              float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc, boolean accumulate) {
        float[] row = Scratch.floats(Scratch.Slot.ROW, n);
        float[] brow = bCs == 1 ? null : Scratch.floats(Scratch.Slot.GEMM_TILE, n);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (accumulate) System.arraycopy(c, ci, row, 0, n);
            else java.util.Arrays.fill(row, 0, n, 0f);
            for (int p = 0; p < k; p++) {
                float x = a[aOff + i * aRs + p * aCs];
                if (bCs == 1) {
                    axpy(x, b, bOff + p * bRs, row, n);
                } else {
                    for (int j = 0; j < n; j++) brow[j] = b[bOff + p * bRs + j * bCs];
                    axpy(x, brow, 0, row, n);
                }
            }
            System.arraycopy(row, 0, c, ci, n);
        }
    }

    /** y[0..n) += alpha * x[from..from+n), vectorised explicitly (C2 will not, with x and y at different offsets). */
    static void axpy(float alpha, float[] x, int from, float[] y, int n) {
        int j = 0;
        if (!Simd.SCALAR) {
            FloatVector va = FloatVector.broadcast(GemmKernel.S, alpha);
            for (int bound = GemmKernel.S.loopBound(n); j < bound; j += GemmKernel.L) {
                FloatVector.fromArray(GemmKernel.S, x, from + j).fma(va, FloatVector.fromArray(GemmKernel.S, y, j)).intoArray(y, j);
            }
        }
        for (; j < n; j++) y[j] += alpha * x[from + j];
    }
}
