package facet.kernels.cpu;

import facet.kernels.plan.KernelPlan;
import facet.kernels.plan.KernelPlans;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import static facet.kernels.cpu.GemmKernel.MR;
import static facet.kernels.cpu.GemmKernel.NR;

/**
 * Single-precision GEMM, C = A B or C += A B. A and B are either strided matrices (a transpose
 * is a swap of row and column strides, so all four transpose combinations are one code path)
 * or any source that can pack itself: convolution packs im2col straight into the micro-kernel's
 * layout, so no im2col matrix is ever materialised.
 *
 * <p>Blocking follows BLIS: for each NC-wide panel of C and KC-deep slab, B is packed into
 * NR-wide k-major strips (L2) and each MC-row block of A into MR-row k-major slivers; the micro-kernel then
 * streams A slivers past one B strip (KC x NR = 32 KiB at AVX-512, sized for the 48 KiB L1). A
 * product at most KC_ONE deep is one slab, whatever its depth (its B strips then sit in L2).
 * Threads split C into parts of whole micro-tiles, by rows (or by columns when C is wide and
 * short). Where C is big enough there are {@link Parallel#PIECES} parts a thread, so that a faster
 * thread takes up a slower one's slack, and the operand every part reads whole (B for row parts,
 * A for column parts) is packed once, for all slabs, before the parts start (a copy per part made
 * an earlier try slower). With one part a thread, each packs its own copy slab by slab, fresh in
 * its cache, as before (a shared copy measured slower there). Between slabs, partial sums wait in
 * a sequential buffer, not in C (see serial). Which thread computes a tile never changes its sums,
 * so the bits do not depend on the cut.
 * Flops: 2 m n k. Packing moves (m + n) k floats per slab, negligible once m, n >> MR, NR.
 */
public final class Gemm {
    private Gemm() {}

    private static final KernelPlan.Blocking PLAN = KernelPlans.current().gemm();

    /** Depth of a packed slab: a KC x NR strip of B stays in L1 (32 KiB at AVX-512 in Zen 5's 48 KiB). */
    static final int KC = PLAN.kc();
    /** Rows of A per packed block: MC x KC = 256 KiB, in L2. */
    static final int MC = PLAN.mc();

    /**
     * The deepest product that runs as one slab, all of k at once. Past KC a strip of B (k x NR,
     * 128 KiB at k = 1024) no longer fits L1 and the micro-kernel reads it from L2, which it keeps
     * up with; in exchange no partial sums go to memory and back between slabs, and each tile
     * costs one call. 2 threads, taking turns: 1024^3 298-340 GFLOP/s against 269-324 in slabs of
     * 256, 2048 x 768 x 768 292-304 against 263-279; 2048^3 in two slabs of 1024 no better, so
     * deeper products keep slabs of KC (bench/RESULTS.md).
     */
    static final int KC_ONE = PLAN.kcOne();

    /** The depth of each slab of a product k deep: all of k up to KC_ONE, else KC. */
    static int depth(int k) { return k <= KC_ONE ? k : KC; }

    /** Rows of A per packed block for slabs kc deep: MC up to KC, fewer (whole slivers) deeper, so that a block stays MC x KC floats. */
    static int blockRows(int kc) { return kc <= KC ? MC : Math.max(MR, MC * KC / kc / MR * MR); }

    /**
     * Columns of C per packed B panel: KC x NC floats = 2 MiB, about the L2. A conv over a whole
     * batch has N * P = 32768 columns; packing them all per slab made B stream from memory (10x slower).
     */
    static final int NC = PLAN.nc();
    /** Below this many multiply-adds packing costs more than it saves. */
    static final long SMALL = PLAN.small();
    /** Below this many flops a GEMM runs on one thread: a fork/join round trip costs microseconds. */
    static final long PARALLEL_FLOPS = PLAN.parallelFlops();

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
     * Where the product goes: C (m x n) at x[off + i * ld + j]. C = A B, plus a bias row
     * bias[biasOff .. biasOff + n) on every row when bias is set, or, accumulating, C += A B.
     */
    public record Out(float[] x, int off, int ld, boolean accumulate, float[] bias, int biasOff) {
        public Out {
            if (accumulate && bias != null) throw new IllegalArgumentException("gemm: a bias row is for C = A B + bias, not for accumulating into C");
        }

        /** C = A B into x[off + i * ld + j]. */
        public static Out into(float[] x, int off, int ld) { return new Out(x, off, ld, false, null, 0); }

        /** C += A B when yes, else C = A B. */
        public Out accumulating(boolean yes) { return new Out(x, off, ld, yes, bias, biasOff); }

        /** C = A B + bias[biasOff .. biasOff + n) on every row. */
        public Out plusBias(float[] bias, int biasOff) { return new Out(x, off, ld, accumulate, bias, biasOff); }
    }

    /** C (m x n) (+)= A (m x k) B (k x n), strided A and B ({@link Strided2d#transposed} for a transpose), with the default micro-kernel. */
    public static void gemm(int m, int n, int k, Strided2d a, Strided2d b, Out c) { gemm(defaultVariant(), m, n, k, a, b, c); }

    /** The same with a chosen micro-kernel; small products and thin edges skip packing. */
    public static void gemm(Variant variant, int m, int n, int k, Strided2d a, Strided2d b, Out c) {
        strided(variant, m, n, k, a.x(), a.off(), a.rs(), a.cs(), b.x(), b.off(), b.rs(), b.cs(), c.x(), c.off(), c.ld(), c.accumulate(),
                c.bias(), c.biasOff());
    }

    /** C (m x n) (+)= A B for self-packing operands (convolution's im2col, say), on all kernel threads. */
    public static void gemm(Variant variant, int m, int n, int k, PackA a, PackB b, Out c) {
        packed(variant, m, n, k, a, b, c.x(), c.off(), c.ld(), c.accumulate(), c.bias(), c.biasOff());
    }

    private static void strided(Variant variant, int m, int n, int k,
                                float[] a, int aOff, int aRs, int aCs,
                                float[] b, int bOff, int bRs, int bCs,
                                float[] c, int cOff, int ldc, boolean accumulate, float[] bias, int biasOff) {
        if (m == 0 || n == 0) return;
        if (k == 0 || (long) m * n * k < SMALL) {
            small(m, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate, bias, biasOff);
            return;
        }
        if (variant == Variant.VECTOR) {   // a few rows or columns past the last full tile: vector products (GemmEdges)
            int rowRest = m % MR, colRest = n % NR;
            if (rowRest > 0 && rowRest <= GemmEdges.ROWS) {
                int m0 = m - rowRest;
                if (bCs == 1) {
                    small(rowRest, n, k, a, aOff + m0 * aRs, aRs, aCs, b, bOff, bRs, bCs, c, cOff + m0 * ldc, ldc, accumulate, bias, biasOff);
                } else {
                    GemmEdges.dots(m0, m, 0, n, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate, bias, biasOff);
                }
                m = m0;
            }
            if (colRest > 0 && colRest <= GemmEdges.COLS && m > 0) {
                n -= colRest;
                GemmEdges.dots(0, m, n, n + colRest, k, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc, accumulate, bias, biasOff);
            }
            if (m == 0 || n == 0) return;
        }
        packed(variant, m, n, k, strided(a, aOff, aRs, aCs), strided(b, bOff, bRs, bCs), c, cOff, ldc, accumulate, bias, biasOff);
    }

    private static void packed(Variant variant, int m, int n, int k, PackA a, PackB b, float[] c, int cOff, int ldc, boolean accumulate,
                               float[] bias, int biasOff) {
        if (m == 0 || n == 0) return;
        int t = Parallel.threads(), rowTiles = (m + MR - 1) / MR, colTiles = (n + NR - 1) / NR;
        if (t == 1 || k == 0 || 2L * m * n * k < PARALLEL_FLOPS || Parallel.nested()) {
            // on one thread, partial sums past PARTIAL_SHARED go in bands of rows over B packed once (see serial)
            boolean bands = k > depth(k) && (long) m * Math.min(n, NC) > PARTIAL_SHARED && (long) k * colTiles * NR <= SHARED_MAX;
            float[] bp = bands ? sharedB(b, n, k, colTiles) : null;
            serial(variant, 0, m, 0, n, k, a, b, null, 0, bp, colTiles * NR, c, cOff, ldc, accumulate, bias, biasOff);
            return;
        }
        boolean byRows = rowTiles >= colTiles;
        int tiles = byRows ? rowTiles : colTiles, many = parts(tiles, t);
        // several parts a thread share one packed copy of the operand all of them read (a copy each made more parts
        // cost more); with one part a thread, or past SHARED_MAX (a convolution's whole im2col), each part packs its
        // own copy slab by slab, fresh in its cache (measured faster than a shared copy there)
        boolean share = many > t && (long) k * (byRows ? colTiles * NR : rowTiles * MR) <= SHARED_MAX;
        int parts = share ? many : Math.min(t, tiles);
        if (byRows) {
            float[] bp = share ? sharedB(b, n, k, colTiles) : null;
            Parallel.forRange(parts, i -> serial(variant, tiles * i / parts * MR, Math.min(m, tiles * (i + 1) / parts * MR), 0, n, k,
                    a, b, null, 0, bp, colTiles * NR, c, cOff, ldc, accumulate, bias, biasOff));
        } else {
            // no shared A where every part reads it in place (see block)
            boolean inPlace = inPlaceA(a, Math.min(NC, (tiles + parts - 1) / parts * NR), variant) != null;
            float[] ap = share && !inPlace ? sharedA(a, m, k, rowTiles) : null;
            Parallel.forRange(parts, i -> serial(variant, 0, m, tiles * i / parts * NR, Math.min(n, tiles * (i + 1) / parts * NR), k,
                    a, b, ap, rowTiles * MR, null, 0, c, cOff, ldc, accumulate, bias, biasOff));
        }
    }

    /** All of B packed for every slab, strip j of slab pc from pc * nPad + j * kc (nPad = strips * NR), on all threads. */
    private static float[] sharedB(PackB b, int n, int k, int strips) {
        int nPad = strips * NR, dk = depth(k), slabs = (k + dk - 1) / dk;
        float[] bp = Scratch.floats(Scratch.Slot.GEMM_SHARED, k * nPad);
        Parallel.forRange(slabs * strips, (long) k * nPad, i -> {
            int pc = i / strips * dk, kc = Math.min(dk, k - pc), j = i % strips * NR;
            b.packB(pc, kc, j, Math.min(NR, n - j), bp, pc * nPad + j * kc);
        });
        return bp;
    }

    /** All of A packed for every slab, the sliver at row r of slab pc from pc * mPad + r * kc (mPad = slivers * MR), on all threads. */
    private static float[] sharedA(PackA a, int m, int k, int slivers) {
        int mPad = slivers * MR, dk = depth(k), slabs = (k + dk - 1) / dk;
        float[] ap = Scratch.floats(Scratch.Slot.GEMM_SHARED, k * mPad);
        Parallel.forRange(slabs * slivers, (long) k * mPad, i -> {
            int pc = i / slivers * dk, kc = Math.min(dk, k - pc), r = i % slivers * MR;
            a.packA(r, Math.min(MR, m - r), pc, kc, ap, pc * mPad + r * kc);
        });
        return ap;
    }

    /** Parts of a product cut into tiles: PIECES a thread, each at least MIN_PART_TILES tiles, a multiple of t (at most one per tile). */
    private static int parts(int tiles, int t) {
        return Math.min(tiles, t * Math.max(1, Math.min(Parallel.PIECES, tiles / (t * MIN_PART_TILES))));
    }

    /** The most floats a shared packed operand may take: 16 MiB, the whole of B for n = k = 2048. */
    private static final long SHARED_MAX = 1 << 22;

    /** The fewest micro-tiles in a part: a packed strip of B (or sliver of A) is loaded once per part and used on this many tiles. */
    private static final int MIN_PART_TILES = 8;

    /** C rows [i0, i1) x cols [j0, j1) of {@link #gemm} on the calling thread (a caller that splits the work itself). */
    public static void serial(Variant variant, int i0, int i1, int j0, int j1, int k, PackA a, PackB b, Out c) {
        serial(variant, i0, i1, j0, j1, k, a, b, null, 0, null, 0, c.x(), c.off(), c.ld(), c.accumulate(), c.bias(), c.biasOff());
    }

    /**
     * The blocked product of C rows [i0, i1) x cols [j0, j1) on the calling thread. A and B are
     * packed into its own buffers, except where a shared copy of all slabs is given: sa holds A's
     * slab at pc from pc * aPad (aPad = m rounded up to MR), sb holds B's from pc * bPad, each
     * sliver or strip kc deep. The first slab adds the bias row (or C itself when accumulating).
     *
     * <p>With more than one slab, the partial sums between slabs go to a buffer of whole tiles in
     * the order the slabs visit them, not to C: the next slab then reads them back as one sequential
     * stream, which the hardware prefetcher fetches ahead, where C's tiles are 8 rows a row stride
     * apart and each read back stalled on memory (2048^3 on one thread: 163 GFLOP/s against 192 for
     * one slab; bench/RESULTS.md). The last slab writes C. Each tile's sums are the same, in the same
     * order, so the bits are too. Rows go in bands whose partial sums fit PARTIAL_SHARED (in cache)
     * when B is packed once for all of them (a shared sb), else PARTIAL_MAX (each band packs B again).
     */
    private static void serial(Variant variant, int i0, int i1, int j0, int j1, int k, PackA a, PackB b,
                               float[] sa, int aPad, float[] sb, int bPad,
                               float[] c, int cOff, int ldc, boolean accumulate, float[] bias, int biasOff) {
        if (k == 0) {
            for (int i = i0; i < i1; i++) {
                for (int j = j0; j < j1; j++) {
                    int at = cOff + i * ldc + j;
                    c[at] = (accumulate ? c[at] : 0f) + (bias != null ? bias[biasOff + j] : 0f);
                }
            }
        }
        int dk = depth(k), mc = blockRows(dk);
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc), strips = (nc + NR - 1) / NR;
            // rows go in bands of whole blocks whose partial sums fit the cap; one band when there is one slab
            boolean slabs = k > dk;
            long cap = sb != null ? PARTIAL_SHARED : PARTIAL_MAX;
            int band = slabs ? Math.max(mc, (int) (cap / ((long) strips * NR)) / mc * mc) : i1 - i0;
            for (int b0 = i0; b0 < i1; b0 += band) {
                int b1 = Math.min(i1, b0 + band);
                float[] part = slabs ? Scratch.floats(Scratch.Slot.GEMM_PARTIAL, (b1 - b0 + MR - 1) / MR * strips * MR * NR) : null;
                for (int pc = 0; pc < k; pc += dk) {
                    int kc = Math.min(dk, k - pc);
                    float[] bp = sb;
                    int bo = pc * bPad + jc * kc;   // jc is a whole number of strips: strip jc / NR starts jc / NR * kc * NR in
                    if (sb == null) {
                        bp = Scratch.floats(Scratch.Slot.GEMM_B, strips * kc * NR);
                        bo = 0;
                        for (int t = 0; t < strips; t++) b.packB(pc, kc, jc + t * NR, Math.min(NR, nc - t * NR), bp, t * kc * NR);
                    }
                    Slab slab = new Slab(pc, kc, pc + kc == k, part);
                    for (int ib = b0; ib < b1; ib += mc) {
                        block(variant, ib, Math.min(mc, b1 - ib), nc, slab, a, sa, pc * aPad + ib * kc, bp, bo,
                                (ib - b0) / MR * strips * MR * NR, c, cOff + ib * ldc + jc, ldc, accumulate, bias, biasOff + jc);
                    }
                }
            }
        }
    }

    /** The most floats of partial sums a thread keeps between slabs: 16 MiB, 2048 rows of a 2048-wide panel. */
    private static final long PARTIAL_MAX = 1 << 22;

    /**
     * The same where a band costs no packing of B (B shared): 1 MiB, which stays in cache. 2048^3 on
     * one thread, side by side: bands of 256 rows 177-188 GFLOP/s, all 16 MiB of C's partial sums
     * to memory and back each slab 176-178 (bench/RESULTS.md).
     */
    private static final long PARTIAL_SHARED = 1 << 18;

    /** One k-slab of a product: rows pc .. pc + kc of B, whether it is the last, and the partial-sum buffer (null for one slab). */
    private record Slab(int pc, int kc, boolean last, float[] part) {}

    /**
     * Below this width of C a row-major A is read in place by the micro-kernel instead of packed:
     * packing costs about 1/n of the flops, so for n = 192 (a ViT's dX) it took half the time of
     * the product, while reading A in place costs the kernel about 10% (measured: 166 vs 185 GFLOP/s).
     */
    static final int IN_PLACE_A_MAX_N = PLAN.inPlaceAMaxN();

    /** A, when the micro-kernel reads it in place for a block n columns wide (a row-major A, n below IN_PLACE_A_MAX_N), else null. */
    private static Strided2d inPlaceA(PackA a, int n, Variant variant) {
        return a instanceof Strided2d s && s.cs() == 1 && n < IN_PLACE_A_MAX_N && variant == Variant.VECTOR ? s : null;
    }

    /**
     * Packs A's rows [i0, i0 + rows) of this slab (unless read in place, or shared: sa from so), then
     * runs every micro-tile against the packed strips of B (bp from bo). A tile's sums go to C, or,
     * before the last slab, to the partial-sum buffer (from po on, a whole tile each, in visiting
     * order); they add to C itself (accumulating) or the bias row in the first slab, and to the
     * buffer after it.
     */
    private static void block(Variant variant, int i0, int rows, int n, Slab slab, PackA a, float[] sa, int so, float[] bp, int bo,
                              int po, float[] c, int cOff, int ldc, boolean accumulate, float[] bias, int biasOff) {
        int slivers = (rows + MR - 1) / MR, pc = slab.pc(), kc = slab.kc();
        boolean first = pc == 0;
        Strided2d inPlace = sa == null ? inPlaceA(a, n, variant) : null;
        float[] ap = sa;
        int ao = so;
        if (sa == null) {
            ap = Scratch.floats(Scratch.Slot.GEMM_A, slivers * kc * MR);
            ao = 0;
            for (int s = 0; s < slivers; s++) {
                int rs = Math.min(MR, rows - s * MR);
                if (inPlace == null || rs < MR) a.packA(i0 + s * MR, rs, pc, kc, ap, s * kc * MR);
            }
        }
        float[] tile = Scratch.floats(Scratch.Slot.GEMM_TILE, MR * NR), part = slab.part();
        boolean toPart = part != null && !slab.last();
        for (int t = 0, strips = (n + NR - 1) / NR; t < strips; t++) {
            int j0 = t * NR, cols = Math.min(NR, n - j0);
            for (int s = 0; s < slivers; s++) {
                int r0 = s * MR, rs = Math.min(MR, rows - r0);
                int ci = cOff + r0 * ldc + j0, pi = po + (t * slivers + s) * MR * NR;
                // the addend: the partial sums after the first slab, else C itself (accumulating), the bias row (stride 0) or nothing
                float[] ad = !first ? part : accumulate ? c : bias;
                int si = !first ? pi : accumulate ? ci : biasOff + j0, sls = !first ? NR : accumulate ? ldc : 0;
                float[] out = toPart ? part : c;
                int oi = toPart ? pi : ci, ld = toPart ? NR : ldc;
                // whole tiles, and edge tiles from buffer to buffer, run in place; other edge tiles run aside, then fold in
                // (as before the buffer: a first slab's edge tile with no addend is 0 + sums, which turns -0 into +0)
                boolean direct = rs == MR && cols == NR || toPart && ad == part;
                float[] dst = direct ? out : tile;
                int di = direct ? oi : 0, dld = direct ? ld : NR;
                if (rs == MR && inPlace != null) {
                    GemmKernel.vectorRowsA(kc, inPlace.x(), inPlace.off() + (i0 + r0) * inPlace.rs() + pc, inPlace.rs(),
                            bp, bo + t * kc * NR, dst, di, dld, direct ? ad : null, si, sls);
                } else {
                    micro(variant, kc, ap, ao + s * kc * MR, bp, bo + t * kc * NR, dst, di, dld, direct ? ad : null, si, sls);
                }
                if (!direct) fold(tile, rs, cols, out, oi, ld, ad, si, sls);
            }
        }
    }

    /** c[ci + r*ldc + q] = addend + tile[r*NR + q] for the valid rows and columns of an edge tile. */
    private static void fold(float[] tile, int rows, int cols, float[] c, int ci, int ldc, float[] s, int si, int sls) {
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < cols; q++) c[ci + r * ldc + q] = (s != null ? s[si + r * sls + q] : 0f) + tile[r * NR + q];
        }
    }

    private static void micro(Variant v, int kc, float[] ap, int a, float[] bp, int b, float[] c, int ci, int ldc, float[] s, int si, int sls) {
        if (v == Variant.SCALAR) GemmKernel.scalar(kc, ap, a, bp, b, c, ci, ldc, s, si, sls);
        else GemmKernel.vector(kc, ap, a, bp, b, c, ci, ldc, s, si, sls);
    }

    /** A strided matrix, packable as either operand: x[off + i * rs + j * cs]. */
    public static Strided2d strided(float[] x, int off, int rs, int cs) { return new Strided2d(x, off, rs, cs); }

    /** A row-major matrix with leading dimension ld: x[off + i * ld + j]. */
    public static Strided2d rowMajor(float[] x, int off, int ld) { return new Strided2d(x, off, ld, 1); }

    /**
     * x[off + i*rs + j*cs] as a matrix. Packing is a transpose in one of the two layouts: an A
     * sliver whose 8 values per k step are adjacent is copied a vector at a time, a B strip whose
     * values are a stride apart is gathered (one instruction per vector on AVX-512). A row-major A
     * is usually not packed at all: see {@link #IN_PLACE_A_MAX_N}.
     */
    public record Strided2d(float[] x, int off, int rs, int cs) implements PackA, PackB {
        /** MR floats as one vector (4 or 8: 128 or 256 bits). */
        private static final VectorSpecies<Float> SLIVER = VectorSpecies.of(float.class, VectorShape.forBitSize(MR * 32));

        /** The same storage read as the transpose: row and column strides swapped. */
        public Strided2d transposed() { return new Strided2d(x, off, cs, rs); }

        @Override public void packA(int i0, int rows, int p0, int kc, float[] dst, int o) {
            int base = off + i0 * rs + p0 * cs;
            if (rs == 1 && rows == MR && !Simd.SCALAR) {
                copySlivers(x, base, cs, kc, dst, o);           // A^T row-major: a sliver's MR values per k are adjacent
                return;
            }
            for (int r = 0; r < MR; r++) {
                if (r < rows) {
                    for (int p = 0, xi = base + r * rs; p < kc; p++, xi += cs) dst[o + p * MR + r] = x[xi];
                } else {
                    for (int p = 0; p < kc; p++) dst[o + p * MR + r] = 0f;
                }
            }
        }

        @Override public void packB(int p0, int kc, int j0, int cols, float[] dst, int o) {
            int base = off + p0 * rs + j0 * cs;
            if (cs == 1) {
                if (cols == NR && !Simd.SCALAR) {
                    copyStrips(x, base, rs, kc, dst, o);
                    return;
                }
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(x, base + p * rs, dst, o + p * NR, cols);
                    java.util.Arrays.fill(dst, o + p * NR + cols, o + (p + 1) * NR, 0f);
                }
                return;
            }
            if (cols == NR && !Simd.SCALAR) {        // B^T row-major: a strip's values per k are cs apart
                int[] index = offsets(STRIP_INDEX.get(), cs);
                gatherStrips(x, base, rs, index, kc, dst, o);
                gatherStrips(x, base + GemmKernel.L * cs, rs, index, kc, dst, o + GemmKernel.L);
                return;
            }
            for (int p = 0; p < kc; p++) {
                for (int j = 0; j < NR; j++) dst[o + p * NR + j] = j < cols ? x[base + p * rs + j * cs] : 0f;
            }
        }

        // Each vector loop sits in its own small method: the Vector API is only fast once inlined,
        // and C2 stops inlining into a caller that has grown too big.

        /** dst[o + p*MR ..] = x[base + p*step ..], MR adjacent floats per k step. */
        private static void copySlivers(float[] x, int base, int step, int kc, float[] dst, int o) {
            for (int p = 0; p < kc; p++) FloatVector.fromArray(SLIVER, x, base + p * step).intoArray(dst, o + p * MR);
        }

        /** dst[o + p*NR ..] = the NR adjacent floats x[base + p*step ..]: two vector copies (an arraycopy call costs more). */
        private static void copyStrips(float[] x, int base, int step, int kc, float[] dst, int o) {
            for (int p = 0; p < kc; p++) {
                FloatVector.fromArray(GemmKernel.S, x, base + p * step).intoArray(dst, o + p * NR);
                FloatVector.fromArray(GemmKernel.S, x, base + p * step + GemmKernel.L).intoArray(dst, o + p * NR + GemmKernel.L);
            }
        }

        /** dst[o + p*NR ..] = one vector gathered from x[base + p*step + index[i]] per k step (half a strip). */
        private static void gatherStrips(float[] x, int base, int step, int[] index, int kc, float[] dst, int o) {
            for (int p = 0; p < kc; p++) FloatVector.fromArray(GemmKernel.S, x, base + p * step, index, 0).intoArray(dst, o + p * NR);
        }

        /**
         * {0, s, 2s, ...}: the gather index of values a stride s apart, rebuilt only when s changes.
         * The last slot remembers s (a fresh all-zero array is already right for s = 0).
         */
        private static int[] offsets(int[] idx, int stride) {
            int n = idx.length - 1;
            if (idx[n] != stride) {
                for (int i = 0; i < n; i++) idx[i] = i * stride;
                idx[n] = stride;
            }
            return idx;
        }

        private static final ThreadLocal<int[]> STRIP_INDEX = ThreadLocal.withInitial(() -> new int[GemmKernel.L + 1]);
    }

    /** Unpacked row-by-row product for tiny problems: each row of C is a sum of scaled rows of B. */
    private static void small(int m, int n, int k, float[] a, int aOff, int aRs, int aCs,
                              float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc, boolean accumulate,
                              float[] bias, int biasOff) {
        float[] row = Scratch.floats(Scratch.Slot.ROW, n);
        float[] brow = bCs == 1 ? null : Scratch.floats(Scratch.Slot.GEMM_TILE, n);
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (accumulate) System.arraycopy(c, ci, row, 0, n);
            else java.util.Arrays.fill(row, 0, n, 0f);
            if (bias != null) axpy(1f, bias, biasOff, row, 0, n);
            for (int p = 0; p < k; p++) {
                float x = a[aOff + i * aRs + p * aCs];
                if (bCs == 1) {
                    axpy(x, b, bOff + p * bRs, row, 0, n);
                } else {
                    for (int j = 0; j < n; j++) brow[j] = b[bOff + p * bRs + j * bCs];
                    axpy(x, brow, 0, row, 0, n);
                }
            }
            System.arraycopy(row, 0, c, ci, n);
        }
    }

    /** y[yi..yi+n) += alpha * x[xi..xi+n), vectorised explicitly (C2 will not, with x and y at different offsets). */
    static void axpy(float alpha, float[] x, int xi, float[] y, int yi, int n) {
        int j = 0;
        if (!Simd.SCALAR) {
            FloatVector va = FloatVector.broadcast(GemmKernel.S, alpha);
            for (int bound = GemmKernel.S.loopBound(n); j < bound; j += GemmKernel.L) {
                FloatVector.fromArray(GemmKernel.S, x, xi + j).fma(va, FloatVector.fromArray(GemmKernel.S, y, yi + j)).intoArray(y, yi + j);
            }
        }
        for (; j < n; j++) y[yi + j] += alpha * x[xi + j];
    }
}
