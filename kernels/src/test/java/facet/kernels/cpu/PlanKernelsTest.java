package facet.kernels.cpu;

import facet.kernels.ConvGeometry;
import facet.kernels.Scope;
import facet.kernels.plan.KernelPlan;
import facet.kernels.plan.KernelPlans;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static facet.kernels.cpu.Float64.assertClose;
import static facet.kernels.cpu.Float64.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GEMM, convolution and attention against float64 under the kernel plan this JVM runs. The
 * kernels module runs this class once per named plan (-Dfacet.plan=NAME, see its pom), so the
 * 4-row micro-kernel, 256-bit vectors and each blocking stay tested whatever this machine picks.
 * Shapes are drawn from the plan's own tile and block sizes, so each run crosses its own edges.
 */
class PlanKernelsTest {
    private static final KernelPlan PLAN = KernelPlans.current();

    /** The plan named by -Dfacet.plan is the one the kernels' static finals hold. */
    @Test void theKernelsRunTheChosenPlan() {
        String asked = System.getProperty(KernelPlans.PROPERTY);
        if (asked != null) assertEquals(KernelPlan.parse(asked), PLAN, "-Dfacet.plan=" + asked);
        assertEquals(PLAN.bits(), Simd.FLOATS.vectorBitSize(), PLAN::toString);
        assertEquals(PLAN.mr(), GemmKernel.MR, PLAN::toString);
        assertEquals(PLAN.gemm().kc(), Gemm.KC, PLAN::toString);
        assertEquals(PLAN.gemm().kcOne(), Gemm.KC_ONE, PLAN::toString);
        assertEquals(PLAN.attentionRows(), Attention.QB, PLAN::toString);
    }

    record Shape(int m, int n, int k) {}

    @Test void gemmMatchesFloat64AcrossThePlansEdges() {
        int mr = GemmKernel.MR, nr = GemmKernel.NR, kc = Gemm.KC;
        List<Shape> shapes = List.of(
                new Shape(1, 1, 1), new Shape(7, 5, 3),                              // the small path
                new Shape(mr, nr, 64), new Shape(2 * mr + 1, 2 * nr - 1, kc + 3),    // one tile; edges in m, n and k
                new Shape(3 * mr - 1, nr + 5, 2 * kc + 1),                           // a 2-row edge (dot products), two K slabs
                new Shape(2 * mr + 3, 2 * nr + 9, Gemm.KC_ONE),                      // the deepest product in one slab
                new Shape(2 * mr + 3, 2 * nr + 9, Gemm.KC_ONE + 1),                  // one deeper: slabs of kc
                new Shape(Gemm.MC + mr + 1, nr + 3, 31),                             // m crosses MC
                new Shape(mr + 2, Gemm.IN_PLACE_A_MAX_N + 76, 20),                   // A packed, not read in place
                new Shape(9, Gemm.NC + 52, 40));                                     // n crosses the NC panel
        for (int threads : new int[] {1, 2}) {
            try (Scope t = Parallel.withThreads(threads)) {
                for (Shape s : shapes) {
                    for (Gemm.Variant v : Gemm.Variant.values()) {
                        for (int ta = 0; ta < 2; ta++) for (int tb = 0; tb < 2; tb++) gemm(s, v, ta == 1, tb == 1, threads);
                    }
                }
            }
        }
    }

    /** C (ldc = n + 3) = A B + bias, then C += A B, with A and B at offsets 5 and 3, each possibly transposed. */
    private static void gemm(Shape s, Gemm.Variant v, boolean ta, boolean tb, int threads) {
        int m = s.m(), n = s.n(), k = s.k(), ldc = n + 3;
        long seed = 31L * (31L * m + n) + k;
        float[] a = random(5 + m * k, seed), b = random(3 + k * n, seed + 1), bias = random(n, seed + 2), c = random(m * ldc, seed + 3);
        Gemm.Strided2d sa = Gemm.strided(a, 5, ta ? 1 : k, ta ? m : 1), sb = Gemm.strided(b, 3, tb ? 1 : n, tb ? k : 1);
        float[] padding = c.clone();
        Float64.Ref once = new Float64.Ref(m * n), twice = new Float64.Ref(m * n);
        for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
            once.add(i * n + j, bias[j]);
            for (int p = 0; p < k; p++) once.add(i * n + j, (double) a[5 + i * sa.rs() + p * sa.cs()] * b[3 + p * sb.rs() + j * sb.cs()]);
            twice.value()[i * n + j] = 2 * once.value()[i * n + j] - bias[j];
            twice.tol()[i * n + j] = 2 * once.tol()[i * n + j];
        }
        String what = String.format("%dx%dx%d %s%s%s, %d threads, %s", m, n, k, v, ta ? " A^T" : "", tb ? " B^T" : "", threads, PLAN.name());
        Gemm.gemm(v, m, n, k, sa, sb, Gemm.Out.into(c, 0, ldc).plusBias(bias, 0));
        assertClose("C = AB + bias " + what, dense(c, m, n, ldc), once);
        Gemm.gemm(v, m, n, k, sa, sb, Gemm.Out.into(c, 0, ldc).accumulating(true));
        assertClose("C += AB " + what, dense(c, m, n, ldc), twice);
        for (int i = 0; i < m; i++) for (int j = n; j < ldc; j++) assertEquals(padding[i * ldc + j], c[i * ldc + j], what + ": wrote into the row padding");
    }

    private static float[] dense(float[] c, int m, int n, int ldc) {
        float[] d = new float[m * n];
        for (int i = 0; i < m; i++) System.arraycopy(c, i * ldc, d, i * n, n);
        return d;
    }

    @Test void convolutionMatchesFloat64OnEveryPath() {
        List<ConvGeometry> geometries = List.of(
                ConvGeometry.of(1, 64, 16, 17, 64, 3, 3).pad(1),               // Winograd, odd width
                ConvGeometry.of(2, 5, 20, 20, 11, 3, 3).pad(1),                // direct
                ConvGeometry.of(3, 6, 9, 9, 7, 3, 3).stride(2).pad(1),         // one GEMM over the batch
                ConvGeometry.of(2, 3, 40, 38, 5, 5, 5).stride(2).pad(2),       // a GEMM per image
                ConvGeometry.of(2, 8, 10, 10, 12, 3, 3).pad(2).dilation(2, 2).groups(2));
        Set<Conv2d.Path> forward = EnumSet.noneOf(Conv2d.Path.class);
        for (int threads : new int[] {1, 2}) {
            try (Scope t = Parallel.withThreads(threads)) {
                for (ConvGeometry g : geometries) {
                    forward.add(Conv2d.forwardPath(g));
                    long seed = g.hashCode();
                    float[] x = random(g.n() * g.c() * g.h() * g.w(), seed), w = random(g.o() * g.patch(), seed + 1);
                    float[] dOut = random(g.n() * g.o() * g.oh() * g.ow(), seed + 2);
                    Float64.Conv ref = Float64.conv(g, x, w, dOut);
                    float[] out = new float[dOut.length], dX = new float[x.length], dW = new float[w.length];
                    Conv2d.forward(g, x, w, out);
                    Conv2d.backwardInput(g, dOut, w, dX);
                    Conv2d.backwardWeight(g, x, dOut, dW);
                    String what = g + ", " + threads + " threads, " + PLAN.name();
                    assertClose("out (" + Conv2d.forwardPath(g) + ") " + what, out, ref.out());
                    assertClose("dX (" + Conv2d.backwardInputPath(g) + ") " + what, dX, ref.dX());
                    assertClose("dW (" + Conv2d.backwardWeightPath(g) + ") " + what, dW, ref.dW());
                }
            }
        }
        assertEquals(EnumSet.of(Conv2d.Path.WINOGRAD, Conv2d.Path.DIRECT, Conv2d.Path.GEMM_BATCHED, Conv2d.Path.GEMM_PER_IMAGE), forward,
                "the geometries should reach every forward path under " + PLAN);
    }

    /** Two query blocks (Tq = QB + 9), key counts off the tiles, a mask with one query that sees no key. */
    @Test void attentionMatchesFloat64() {
        int bh = 3, tq = Attention.QB + 9, tk = 2 * GemmKernel.NR + 1, d = 16, dv = 12;
        float scale = 0.25f;
        float[] q = random(bh * tq * d, 1), k = random(bh * tk * d, 2), v = random(bh * tk * dv, 3), dOut = random(bh * tq * dv, 4);
        float[] mask = new float[tq * tk];
        for (int i = 0; i < tq; i++) for (int j = 0; j < tk; j++) mask[i * tk + j] = i == 5 || (i + j) % 7 == 0 ? 0f : 1f;
        Float64.Attention ref = Float64.attention(bh, tq, tk, d, dv, q, k, v, mask, scale, dOut);
        for (int threads : new int[] {1, 2}) {
            try (Scope t = Parallel.withThreads(threads)) {
                float[] out = new float[bh * tq * dv], lse = new float[bh * tq], dq = new float[q.length], dk = new float[k.length], dV = new float[v.length];
                Attention.Mask m = new Attention.Mask(mask, new int[bh], tk, 1);
                Attention.forward(bh, tq, tk, d, dv, heads(q, bh, tq, d), heads(k, bh, tk, d), heads(v, bh, tk, dv), m, scale, heads(out, bh, tq, dv), lse);
                Attention.backward(bh, tq, tk, d, dv, heads(q, bh, tq, d), heads(k, bh, tk, d), heads(v, bh, tk, dv), m, scale,
                        heads(out, bh, tq, dv), lse, heads(dOut, bh, tq, dv), heads(dq, bh, tq, d), heads(dk, bh, tk, d), heads(dV, bh, tk, dv));
                String what = threads + " threads, " + PLAN.name();
                assertClose("out " + what, out, ref.out());
                assertClose("dq " + what, dq, ref.dq());
                assertClose("dk " + what, dk, ref.dk());
                assertClose("dv " + what, dV, ref.dv());
                for (int i = 0; i < lse.length; i++) {
                    double want = ref.lse()[i];
                    int at = i;
                    assertTrue(want == lse[i] || Math.abs(lse[i] - want) <= 1e-5 * (1 + Math.abs(want)), () -> "lse[" + at + "] " + lse[at] + ", float64 " + want);
                }
            }
        }
    }

    /** Contiguous (BH, T, D) heads. */
    private static Attention.Heads heads(float[] x, int bh, int t, int d) {
        int[] off = new int[bh];
        for (int b = 0; b < bh; b++) off[b] = b * t * d;
        return new Attention.Heads(x, off, d);
    }
}
