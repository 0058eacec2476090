package facet.tensor;

import facet.autograd.check.Gen;
import facet.kernels.Epilogue;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every fused CPU kernel against the default composition of primitives it replaces (both in
 * float32), on the shapes the models use and on edge shapes; pass rule |got - ref| <= atol + rtol |ref|.
 */
class FusedEqualsComposedTest {
    static final Backend CPU = Backends.of(Device.CPU, DType.F32);
    static final Backend COMPOSED = Backends.composed(CPU);

    static Tensor values(long seed, Gen.Values kind, int... shape) { return new Gen(seed).values(shape, kind).to(DType.F32); }

    static void close(String what, Tensor ref, Tensor got, double atol, double rtol) {
        assertArrayEquals(ref.shape(), got.shape(), what + ": shapes differ");
        double[] r = ref.toDoubleArray(), g = got.toDoubleArray();
        StringBuilder bad = new StringBuilder();
        int n = 0;
        for (int i = 0; i < r.length; i++) {
            if (!(Math.abs(g[i] - r[i]) <= atol + rtol * Math.abs(r[i])) && n++ < 5) {
                bad.append(String.format("%n  [%d] fused %.8g, composed %.8g", i, g[i], r[i]));
            }
        }
        int mismatches = n;
        assertTrue(mismatches == 0, () -> what + ": " + mismatches + " mismatches" + bad);
    }

    /**
     * The fused softmax must give the composition's bits exactly (its rows are a whole number of
     * vectors; other shapes take the composition itself), on the ESGM block's shape, rows of one
     * vector, large magnitudes that underflow exp, and an offset view.
     */
    @Test
    void softmaxBitForBit() {
        int l = facet.kernels.cpu.Simd.FLOATS.length();
        record Case(long seed, Gen.Values kind, int[] shape) {}
        for (Case c : new Case[] {new Case(41, Gen.Values.ANY, new int[] {32, 3, 64, 64}), new Case(42, Gen.Values.ANY, new int[] {5, l}),
                new Case(43, Gen.Values.ANY, new int[] {3, 7}), new Case(44, Gen.Values.ANY, new int[] {2, 3 * l + 1})}) {
            Tensor x = values(c.seed, c.kind, c.shape);
            bitsEqual("softmax " + java.util.Arrays.toString(c.shape), COMPOSED.softmax(x, x.dim() - 1), CPU.softmax(x, x.dim() - 1));
        }
        Tensor wide = values(45, Gen.Values.ANY, 4, 2 * l).mul(Tensor.scalar(80));   // exp(x - max) down to 0
        bitsEqual("softmax of large values", COMPOSED.softmax(wide, 1), CPU.softmax(wide, 1));
        Tensor rows = values(46, Gen.Values.ANY, 6, 2 * l).narrow(0, 2, 3);        // contiguous, at an offset
        bitsEqual("softmax of an offset view", COMPOSED.softmax(rows, 1), CPU.softmax(rows, 1));
    }

    static void bitsEqual(String what, Tensor ref, Tensor got) {
        assertArrayEquals(ref.shape(), got.shape(), what + ": shapes differ");
        float[] r = (float[]) ref.toArray(), g = (float[]) got.toArray();
        for (int i = 0; i < r.length; i++) {
            int at = i;
            assertTrue(Float.floatToRawIntBits(r[i]) == Float.floatToRawIntBits(g[i]),
                    () -> what + ": element " + at + " fused " + g[at] + ", composed " + r[at]);
        }
    }

    /** dQ, dK and dV against the composed gradients, atol 1e-5, rtol 1e-4. */
    static void close(String op, String what, AttentionGrads ref, Tensor dQ, Tensor dK, Tensor dV) {
        close(op + " dQ " + what, ref.dQ(), dQ, 1e-5, 1e-4);
        close(op + " dK " + what, ref.dK(), dK, 1e-5, 1e-4);
        close(op + " dV " + what, ref.dV(), dV, 1e-5, 1e-4);
    }

    /** A random 0/1 mask with key 0 always kept, so no query attends to nothing. */
    static Tensor firstKeyKept(Tensor m) {
        int tk = m.size(-1);
        return m.maximum(Index.cat(0, Tensor.ones(1), Tensor.zeros(tk - 1)));
    }

    @Test
    void attentionForwardAndBackward() {
        record Case(int b, int h, int tq, int tk, int d, int dv, String mask) {}
        for (Case c : new Case[] {new Case(2, 3, 65, 65, 64, 64, "none"), new Case(1, 2, 7, 13, 5, 3, "full"),
                new Case(3, 1, 17, 17, 16, 16, "keys"), new Case(1, 1, 1, 1, 1, 1, "none"), new Case(2, 2, 33, 50, 31, 17, "full")}) {
            Tensor q = values(1, Gen.Values.ANY, c.b, c.h, c.tq, c.d), k = values(2, Gen.Values.ANY, c.b, c.h, c.tk, c.d);
            Tensor v = values(3, Gen.Values.ANY, c.b, c.h, c.tk, c.dv), dOut = values(4, Gen.Values.ANY, c.b, c.h, c.tq, c.dv);
            Tensor mask = switch (c.mask) {
                case "full" -> firstKeyKept(values(5, Gen.Values.MASK, c.b, c.h, c.tq, c.tk));
                case "keys" -> firstKeyKept(values(6, Gen.Values.MASK, c.b, 1, 1, c.tk)).expand(c.b, c.h, c.tq, c.tk);  // a broadcast view
                default -> null;
            };
            double scale = 1 / Math.sqrt(c.d);
            AttentionResult ref = COMPOSED.attention(q, k, v, mask, scale), got = CPU.attention(q, k, v, mask, scale);
            close("attention out " + c, ref.out(), got.out(), 1e-5, 1e-5);
            close("attention lse " + c, ref.lse(), got.lse(), 1e-5, 1e-5);
            AttentionGrads rb = COMPOSED.attentionBackward(q, k, v, mask, scale, ref.out(), ref.lse(), dOut);
            AttentionGrads gb = CPU.attentionBackward(q, k, v, mask, scale, got.out(), got.lse(), dOut);
            close("attention", c.toString(), rb, gb.dQ(), gb.dK(), gb.dV());
        }
    }

    /**
     * The backward written into views: q, k, v of one packed (B, N, 3, H, Dh) projection, as a ViT's
     * self-attention has them; the CPU kernel writes the heads in place, a view whose last stride is
     * not 1 takes the copying default. Both must equal the composed backward.
     */
    @Test
    void attentionBackwardIntoViewsOfOnePackedGradient() {
        int b = 2, n = 17, h = 3, dh = 8;
        Tensor qkv = values(31, Gen.Values.ANY, b, n, 3, h, dh), dOut = values(32, Gen.Values.ANY, b, h, n, dh);
        Tensor[] in = new Tensor[3];
        for (int i = 0; i < 3; i++) in[i] = qkv.narrow(2, i, 1).squeeze(2).permute(0, 2, 1, 3);
        double scale = 1 / Math.sqrt(dh);
        AttentionResult fwd = CPU.attention(in[0], in[1], in[2], null, scale);
        AttentionGrads want = COMPOSED.attentionBackward(in[0], in[1], in[2], null, scale, fwd.out(), fwd.lse(), dOut);
        Tensor packed = Tensor.zeros(b, n, 3, h, dh);
        Tensor[] into = new Tensor[3];
        for (int i = 0; i < 3; i++) into[i] = packed.narrow(2, i, 1).squeeze(2).permute(0, 2, 1, 3);
        CPU.attentionBackwardInto(in[0], in[1], in[2], null, scale, fwd.out(), fwd.lse(), dOut, into[0], into[1], into[2]);
        close("attention", "into a packed view", want, into[0], into[1], into[2]);
        Tensor dqT = Tensor.zeros(b, h, dh, n).transpose(2, 3), dk = Tensor.zeros(b, h, n, dh), dv = Tensor.zeros(b, h, n, dh);
        CPU.attentionBackwardInto(in[0], in[1], in[2], null, scale, fwd.out(), fwd.lse(), dOut, dqT, dk, dv);
        close("dq into a transposed view", want.dQ(), dqT, 1e-5, 1e-4);
        close("dk beside a transposed dq", want.dK(), dk, 1e-5, 1e-4);
    }

    /** A query whose keys are all masked gets output 0, lse +inf and no gradient, fused and composed alike. */
    @Test
    void aQueryThatSeesNoKeyAttendsToNothing() {
        Tensor q = values(21, Gen.Values.ANY, 2, 2, 5, 8), k = values(22, Gen.Values.ANY, 2, 2, 7, 8), v = values(23, Gen.Values.ANY, 2, 2, 7, 3);
        Tensor mask = firstKeyKept(values(24, Gen.Values.MASK, 2, 1, 5, 7));
        mask.narrow(2, 1, 1).assign(Tensor.scalar(0));                          // query 1 sees no key
        Tensor m = mask.expand(2, 2, 5, 7), dOut = values(25, Gen.Values.ANY, 2, 2, 5, 3);
        for (Backend be : new Backend[] {CPU, COMPOSED}) {
            AttentionResult r = be.attention(q, k, v, m, 0.3);
            AttentionGrads g = be.attentionBackward(q, k, v, m, 0.3, r.out(), r.lse(), dOut);
            assertArrayEquals(new double[12], r.out().narrow(2, 1, 1).toDoubleArray(), 0, be == CPU ? "fused" : "composed");
            for (double l : r.lse().narrow(2, 1, 1).toDoubleArray()) assertTrue(l == Double.POSITIVE_INFINITY, "lse " + l);
            assertArrayEquals(new double[32], g.dQ().narrow(2, 1, 1).toDoubleArray(), 0, "dQ of the blind query");
        }
        AttentionResult ref = COMPOSED.attention(q, k, v, m, 0.3), got = CPU.attention(q, k, v, m, 0.3);
        close("out with a blind query", ref.out(), got.out(), 1e-6, 1e-5);
        AttentionGrads rb = COMPOSED.attentionBackward(q, k, v, m, 0.3, ref.out(), ref.lse(), dOut);
        AttentionGrads gb = CPU.attentionBackward(q, k, v, m, 0.3, got.out(), got.lse(), dOut);
        close("dQ with a blind query", rb.dQ(), gb.dQ(), 1e-6, 1e-5);
        close("dK with a blind query", rb.dK(), gb.dK(), 1e-6, 1e-5);
        close("dV with a blind query", rb.dV(), gb.dV(), 1e-6, 1e-5);
    }

    /**
     * normalize in both layouts with each epilogue, forward (y, mean, rstd) and backward (dX, dGamma,
     * dBeta, dResidual). After a ReLU both backwards get the composed y, so an output within
     * rounding of 0 cannot pass the mask on one side and not the other.
     */
    @Test
    void normalizeInBothLayoutsWithEveryEpilogue() {
        record Case(int[] shape, NormLayout layout, int[] affine) {}
        java.util.List<Case> cases = new java.util.ArrayList<>(java.util.List.of(
                new Case(new int[] {9, 5}, NormLayout.BATCH, new int[] {1, 5}),                        // batch norm, NC
                new Case(new int[] {3, 65, 192}, NormLayout.layer(1), new int[] {192}),               // layer norm, ViT
                new Case(new int[] {2, 3, 4, 5}, NormLayout.layer(2), new int[] {4, 5}),              // layer norm over two dims
                new Case(new int[] {1, 1}, NormLayout.layer(1), new int[] {1})));
        for (int[] s : new int[][] {{4, 6, 5, 7}, {2, 3, 17, 17}, {3, 4, 13, 1}, {2, 2, 8, 8}, {2, 3, 40, 40}, {1, 2, 1, 2}, {8, 16, 16, 16}}) {
            cases.add(new Case(s, NormLayout.BATCH, new int[] {1, s[1], 1, 1}));                       // batch norm, NCHW
        }
        for (Case c : cases) {
            Tensor x = values(41, Gen.Values.ANY, c.shape).mul(3).add(1), dOut = values(42, Gen.Values.ANY, c.shape);
            Tensor g = values(43, Gen.Values.ANY, c.affine), b = values(44, Gen.Values.ANY, c.affine), res = values(45, Gen.Values.ANY, c.shape);
            for (boolean affine : new boolean[] {true, false}) {
                Tensor gg = affine ? g : null, bb = affine ? b : null;
                for (Epilogue<Tensor> e : java.util.List.of(Epilogue.<Tensor>none(), Epilogue.<Tensor>relu(), Epilogue.addRelu(res))) {
                    String what = java.util.Arrays.toString(c.shape) + " " + c.layout + " " + e.getClass().getSimpleName() + (affine ? " affine" : "");
                    NormResult ref = COMPOSED.normalize(x, gg, bb, c.layout, 1e-5, e), got = CPU.normalize(x, gg, bb, c.layout, 1e-5, e);
                    close("normalize y " + what, ref.y(), got.y(), 1e-5, 1e-5);
                    close("normalize mean " + what, ref.mean(), got.mean(), 1e-5, 1e-5);
                    close("normalize rstd " + what, ref.rstd(), got.rstd(), 1e-5, 1e-5);
                    if (e.endsWithRelu()) assertTrue(java.util.Arrays.stream(got.y().toDoubleArray()).min().orElse(0) >= 0, what + ": a negative output after the ReLU");
                    NormGrads rb = COMPOSED.normalizeBackward(dOut, x, gg, bb, c.layout, e, ref);
                    NormGrads gb = CPU.normalizeBackward(dOut, x, gg, bb, c.layout, e, new NormResult(ref.y(), got.mean(), got.rstd()));
                    close("normalize dX " + what, rb.dX(), gb.dX(), 1e-4, 1e-4);
                    if (affine) close("normalize dGamma " + what, rb.dGamma(), gb.dGamma(), 1e-4, 1e-4);
                    if (affine) close("normalize dBeta " + what, rb.dBeta(), gb.dBeta(), 1e-4, 1e-4);
                    assertTrue(affine == (gb.dGamma() != null) && affine == (gb.dBeta() != null), what + ": dGamma and dBeta iff gamma and beta");
                    if (e instanceof Epilogue.AddRelu) close("normalize dResidual " + what, rb.dResidual(), gb.dResidual(), 0, 0);
                    else assertTrue(gb.dResidual() == null, what + ": a dResidual without a residual");
                }
            }
        }
    }

    /** The batch-norm case of the ReLU epilogues has outputs on both sides of the kink, so the mask is exercised. */
    @Test
    void theReluCasesStraddleTheKink() {
        Tensor x = values(41, Gen.Values.ANY, 4, 6, 5, 7).mul(3).add(1), res = values(45, Gen.Values.ANY, 4, 6, 5, 7);
        Tensor g = values(43, Gen.Values.ANY, 1, 6, 1, 1), b = values(44, Gen.Values.ANY, 1, 6, 1, 1);
        for (Epilogue<Tensor> e : java.util.List.of(Epilogue.<Tensor>relu(), Epilogue.addRelu(res))) {
            double[] y = CPU.normalize(x, g, b, NormLayout.BATCH, 1e-5, e).y().toDoubleArray();
            long zeros = java.util.Arrays.stream(y).filter(v -> v == 0).count();
            assertTrue(zeros > 0 && zeros < y.length, e + ": " + zeros + " of " + y.length + " outputs are 0");
        }
    }

    /** The caller states the layout; gamma or a residual that does not fit it is refused with its shape named, not normalised some other way. */
    @Test
    void aLayoutThatDoesNotFitIsRefused() {
        Tensor x = values(51, Gen.Values.ANY, 2, 6, 3, 3);
        String m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> CPU.normalize(x, Tensor.ones(6), null, NormLayout.BATCH, 1e-5, Epilogue.none())).getMessage();
        assertTrue(m.contains("[6]") && m.contains("[2, 6, 3, 3]"), m);
        m = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> COMPOSED.normalize(x, null, null, NormLayout.layer(2), 1e-5, Epilogue.addRelu(Tensor.zeros(2, 6)))).getMessage();
        assertTrue(m.contains("residual") && m.contains("[2, 6]"), m);
        assertTrue(CPU.normalize(x, Tensor.ones(3, 3), null, NormLayout.layer(2), 1e-5, Epilogue.none()).mean().numel() == 12,
                "layer norm over (3, 3) keeps 2 x 6 statistics");
    }

    @Test
    void linearWithItsBiasFusedIntoTheProduct() {
        int[][] shapes = {{70, 200, 50}, {300, 64, 96}, {9, 33, 17}, {1, 1, 1}, {257, 300, 40}};   // M, K, N
        for (int[] s : shapes) {
            Tensor x = values(31, Gen.Values.ANY, s[0], s[1]), w = values(32, Gen.Values.ANY, s[2], s[1]), b = values(33, Gen.Values.ANY, s[2]);
            Tensor xt = values(34, Gen.Values.ANY, s[1], s[0]).transpose(0, 1);       // a transposed view as input
            for (Tensor in : new Tensor[] {x, xt}) {
                close("linear " + java.util.Arrays.toString(s), COMPOSED.linear(in, w, b), CPU.linear(in, w, b), 1e-4, 1e-5);
                close("linear, no bias " + java.util.Arrays.toString(s), COMPOSED.linear(in, w, null), CPU.linear(in, w, null), 1e-4, 1e-5);
            }
        }
    }

    @Test
    void adamwStep() {
        for (int n : new int[] {1, 15, 17, 100_003}) {
            Tensor p = values(11, Gen.Values.ANY, n), g = values(12, Gen.Values.ANY, n);
            Tensor m = values(13, Gen.Values.ANY, n).mul(0.1), v = values(14, Gen.Values.POSITIVE, n).mul(0.01);
            Tensor p2 = p.copy(), m2 = m.copy(), v2 = v.copy();
            COMPOSED.adamw(p, g, m, v, 1e-3, 0.9, 0.999, 1e-8, 0.05, 7);
            CPU.adamw(p2, g, m2, v2, 1e-3, 0.9, 0.999, 1e-8, 0.05, 7);
            close("adamw p n=" + n, p, p2, 0, 0);   // bit-identical: the fused step rounds where the composed ops do
            close("adamw m n=" + n, m, m2, 0, 0);
            close("adamw v n=" + n, v, v2, 0, 0);
        }
    }
}
