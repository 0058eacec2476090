package facet.tensor;

import facet.autograd.check.Gen;
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

    /** A random 0/1 mask with key 0 always kept, so no query attends to nothing. */
    static Tensor firstKeyKept(Tensor m) {
        int tk = m.size(-1);
        return m.maximum(Indexing.cat(0, Tensor.ones(1), Tensor.zeros(tk - 1)));
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
            Tensor[] ref = COMPOSED.attention(q, k, v, mask, scale), got = CPU.attention(q, k, v, mask, scale);
            close("attention out " + c, ref[0], got[0], 1e-5, 1e-5);
            close("attention lse " + c, ref[1], got[1], 1e-5, 1e-5);
            Tensor[] rb = COMPOSED.attentionBackward(q, k, v, mask, scale, ref[0], ref[1], dOut);
            Tensor[] gb = CPU.attentionBackward(q, k, v, mask, scale, got[0], got[1], dOut);
            for (int i = 0; i < 3; i++) close("attention d" + "qkv".charAt(i) + " " + c, rb[i], gb[i], 1e-5, 1e-4);
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
        Tensor[] fwd = CPU.attention(in[0], in[1], in[2], null, scale);
        Tensor[] want = COMPOSED.attentionBackward(in[0], in[1], in[2], null, scale, fwd[0], fwd[1], dOut);
        Tensor packed = Tensor.zeros(b, n, 3, h, dh);
        Tensor[] into = new Tensor[3];
        for (int i = 0; i < 3; i++) into[i] = packed.narrow(2, i, 1).squeeze(2).permute(0, 2, 1, 3);
        CPU.attentionBackwardInto(in[0], in[1], in[2], null, scale, fwd[0], fwd[1], dOut, into[0], into[1], into[2]);
        for (int i = 0; i < 3; i++) close("d" + "qkv".charAt(i) + " into a packed view", want[i], into[i], 1e-5, 1e-4);
        Tensor dqT = Tensor.zeros(b, h, dh, n).transpose(2, 3), dk = Tensor.zeros(b, h, n, dh), dv = Tensor.zeros(b, h, n, dh);
        CPU.attentionBackwardInto(in[0], in[1], in[2], null, scale, fwd[0], fwd[1], dOut, dqT, dk, dv);
        close("dq into a transposed view", want[0], dqT, 1e-5, 1e-4);
        close("dk beside a transposed dq", want[1], dk, 1e-5, 1e-4);
    }

    /** A query whose keys are all masked gets output 0, lse +inf and no gradient, fused and composed alike. */
    @Test
    void aQueryThatSeesNoKeyAttendsToNothing() {
        Tensor q = values(21, Gen.Values.ANY, 2, 2, 5, 8), k = values(22, Gen.Values.ANY, 2, 2, 7, 8), v = values(23, Gen.Values.ANY, 2, 2, 7, 3);
        Tensor mask = firstKeyKept(values(24, Gen.Values.MASK, 2, 1, 5, 7));
        mask.narrow(2, 1, 1).assign(Tensor.scalar(0));                          // query 1 sees no key
        Tensor m = mask.expand(2, 2, 5, 7), dOut = values(25, Gen.Values.ANY, 2, 2, 5, 3);
        for (Backend be : new Backend[] {CPU, COMPOSED}) {
            Tensor[] r = be.attention(q, k, v, m, 0.3);
            Tensor[] g = be.attentionBackward(q, k, v, m, 0.3, r[0], r[1], dOut);
            assertArrayEquals(new double[12], r[0].narrow(2, 1, 1).toDoubleArray(), 0, be == CPU ? "fused" : "composed");
            for (double l : r[1].narrow(2, 1, 1).toDoubleArray()) assertTrue(l == Double.POSITIVE_INFINITY, "lse " + l);
            assertArrayEquals(new double[32], g[0].narrow(2, 1, 1).toDoubleArray(), 0, "dQ of the blind query");
        }
        Tensor[] ref = COMPOSED.attention(q, k, v, m, 0.3), got = CPU.attention(q, k, v, m, 0.3);
        close("out with a blind query", ref[0], got[0], 1e-6, 1e-5);
        Tensor[] rb = COMPOSED.attentionBackward(q, k, v, m, 0.3, ref[0], ref[1], dOut), gb = CPU.attentionBackward(q, k, v, m, 0.3, got[0], got[1], dOut);
        for (int i = 0; i < 3; i++) close("d" + "qkv".charAt(i) + " with a blind query", rb[i], gb[i], 1e-6, 1e-5);
    }

    /** relu(batch norm + residual) in the normalising pass against the composed ops, forward; the backward is composed of ops tested here already. */
    @Test
    void batchNormAddReluInOnePass() {
        Tensor x = values(41, Gen.Values.ANY, 3, 5, 4, 6).mul(3).add(1), res = values(42, Gen.Values.ANY, 3, 5, 4, 6);
        Tensor g = values(43, Gen.Values.ANY, 1, 5, 1, 1), b = values(44, Gen.Values.ANY, 1, 5, 1, 1);
        int[] axes = {0, 2, 3};
        Tensor[] ref = COMPOSED.normalizeAddRelu(x, g, b, axes, 1e-5, res), got = CPU.normalizeAddRelu(x, g, b, axes, 1e-5, res);
        for (int i = 0; i < 3; i++) close("normalizeAddRelu[" + i + "]", ref[i], got[i], 1e-5, 1e-5);
        double[] y = got[0].toDoubleArray();
        assertTrue(java.util.Arrays.stream(y).anyMatch(v -> v == 0) && java.util.Arrays.stream(y).anyMatch(v -> v > 0),
                "the case should have outputs on both sides of the ReLU");
    }

    @Test
    void normalizationInBothLayouts() {
        record Case(int[] shape, int[] axes, int[] affine) {}
        for (Case c : new Case[] {
                new Case(new int[] {4, 6, 5, 7}, new int[] {0, 2, 3}, new int[] {1, 6, 1, 1}),     // batch norm, NCHW
                new Case(new int[] {9, 5}, new int[] {0}, new int[] {1, 5}),                        // batch norm, NC
                new Case(new int[] {3, 65, 192}, new int[] {2}, new int[] {192}),                   // layer norm, ViT
                new Case(new int[] {2, 3, 4, 5}, new int[] {2, 3}, new int[] {4, 5}),               // layer norm over two dims
                new Case(new int[] {1, 1}, new int[] {1}, new int[] {1})}) {
            Tensor x = values(7, Gen.Values.ANY, c.shape).mul(3).add(1), dOut = values(8, Gen.Values.ANY, c.shape);
            Tensor g = values(9, Gen.Values.ANY, c.affine), b = values(10, Gen.Values.ANY, c.affine);
            for (boolean affine : new boolean[] {true, false}) {
                Tensor gg = affine ? g : null, bb = affine ? b : null;
                Tensor[] ref = COMPOSED.normalize(x, gg, bb, c.axes, 1e-5), got = CPU.normalize(x, gg, bb, c.axes, 1e-5);
                String what = java.util.Arrays.toString(c.shape) + " over " + java.util.Arrays.toString(c.axes) + (affine ? " affine" : "");
                for (int i = 0; i < 3; i++) close("normalize[" + i + "] " + what, ref[i], got[i], 1e-5, 1e-5);
                Tensor[] rb = COMPOSED.normalizeBackward(dOut, x, ref[1], ref[2], gg, bb, c.axes);
                Tensor[] gb = CPU.normalizeBackward(dOut, x, got[1], got[2], gg, bb, c.axes);
                for (int i = 0; i < 3; i++) {
                    if (rb[i] != null) close("normalize backward[" + i + "] " + what, rb[i], gb[i], 1e-4, 1e-4);
                }
            }
        }
    }

    /**
     * Batch norm with the ReLU after it fused: forward max(y, 0), backward with dY masked by
     * reluOut > 0. Both backwards get the same reluOut (the composed one), so an output within
     * rounding of 0 cannot pass on one side and not the other.
     */
    @Test
    void batchNormWithItsReluFused() {
        int[][] shapes = {{4, 6, 5, 7}, {9, 5}, {2, 3, 17, 17}, {3, 4, 13, 1}, {2, 2, 8, 8}, {2, 3, 40, 40}, {1, 2, 1, 2}, {8, 16, 16, 16}};
        for (int[] shape : shapes) {
            int[] axes = shape.length == 2 ? new int[] {0} : new int[] {0, 2, 3}, affine = shape.length == 2 ? new int[] {1, shape[1]} : new int[] {1, shape[1], 1, 1};
            Tensor x = values(41, Gen.Values.ANY, shape).mul(3).add(1), dOut = values(42, Gen.Values.ANY, shape);
            Tensor g = values(43, Gen.Values.ANY, affine), b = values(44, Gen.Values.ANY, affine);
            for (boolean withAffine : new boolean[] {true, false}) {
                Tensor gg = withAffine ? g : null, bb = withAffine ? b : null;
                String what = java.util.Arrays.toString(shape) + (withAffine ? " affine" : "");
                Tensor[] ref = COMPOSED.normalize(x, gg, bb, axes, 1e-5, true), got = CPU.normalize(x, gg, bb, axes, 1e-5, true);
                for (int i = 0; i < 3; i++) close("normalize+relu[" + i + "] " + what, ref[i], got[i], 1e-5, 1e-5);
                assertTrue(java.util.Arrays.stream(got[0].toDoubleArray()).min().orElse(0) >= 0, what + ": a negative output after the ReLU");
                Tensor[] rb = COMPOSED.normalizeBackward(dOut, x, ref[1], ref[2], gg, bb, axes, ref[0]);
                Tensor[] gb = CPU.normalizeBackward(dOut, x, got[1], got[2], gg, bb, axes, ref[0]);
                for (int i = 0; i < 3; i++) {
                    if (rb[i] != null) close("normalize+relu backward[" + i + "] " + what, rb[i], gb[i], 1e-4, 1e-4);
                }
            }
        }
    }

    /** Without the ReLU the new overloads are the plain ops; layer norm with a ReLU takes the composed path. */
    @Test
    void normalizeWithoutReluAndLayerNormWithRelu() {
        Tensor x = values(51, Gen.Values.ANY, 3, 5, 6), dOut = values(52, Gen.Values.ANY, 3, 5, 6);
        Tensor g = values(53, Gen.Values.ANY, 6), b = values(54, Gen.Values.ANY, 6);
        int[] axes = {2};
        Tensor[] plain = CPU.normalize(x, g, b, axes, 1e-5), off = CPU.normalize(x, g, b, axes, 1e-5, false);
        close("relu off", plain[0], off[0], 0, 0);
        close("relu off backward", CPU.normalizeBackward(dOut, x, plain[1], plain[2], g, b, axes)[0],
                CPU.normalizeBackward(dOut, x, plain[1], plain[2], g, b, axes, null)[0], 0, 0);
        Tensor[] ref = COMPOSED.normalize(x, g, b, axes, 1e-5, true), got = CPU.normalize(x, g, b, axes, 1e-5, true);
        close("layer norm + relu", ref[0], got[0], 1e-5, 1e-5);
        Tensor[] rb = COMPOSED.normalizeBackward(dOut, x, ref[1], ref[2], g, b, axes, ref[0]);
        Tensor[] gb = CPU.normalizeBackward(dOut, x, got[1], got[2], g, b, axes, ref[0]);
        for (int i = 0; i < 3; i++) close("layer norm + relu backward[" + i + "]", rb[i], gb[i], 1e-4, 1e-4);
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
