package facet.tensor;

import facet.kernels.cpu.Philox;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Philox 4x32-10 against the known-answer vectors of Random123, and the stream's layout. */
class PhiloxTest {
    static int[] block(int c0, int c1, int c2, int c3, int k0, int k1) {
        int[] c = {c0, c1, c2, c3};
        Philox.block(c, k0, k1);
        return c;
    }

    @Test
    void knownAnswerVectors() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, block(0, 0, 0, 0, 0, 0));
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}, block(-1, -1, -1, -1, -1, -1));
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                block(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0));
    }

    @Test
    void sameSeedSameNumbersAndTheStreamAdvances() {
        Generator g1 = new Generator(7), g2 = new Generator(7);
        float[] a = Tensor.randn(g1, DType.F32, 3, 5).toFloatArray(), b = Tensor.randn(g2, DType.F32, 3, 5).toFloatArray();
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, Tensor.randn(g1, DType.F32, 3, 5).toFloatArray()));
        // float64 requests see the same stream, widened
        double[] wide = Tensor.randn(new Generator(7), DType.F64, 3, 5).toDoubleArray();
        for (int i = 0; i < a.length; i++) assertEquals(a[i], wide[i], 0);
    }

    @Test
    void elementIDependsOnlyOnItsBlockAndLane() {
        float[] all = new float[10], tail = new float[10];
        Philox.uniform(99, 5, all, 0, 10);
        Philox.uniform(99, 5, tail, 6, 10);           // a worker that only fills elements 6..9
        for (int i = 6; i < 10; i++) assertEquals(all[i], tail[i], 0);
    }

    @Test
    void distributionsHaveTheirMoments() {
        Generator g = new Generator(1);
        double[] u = Tensor.rand(g, DType.F32, 100_000).toDoubleArray();
        double[] n = Tensor.randn(g, DType.F32, 100_000).toDoubleArray();
        double um = 0, nm = 0, nv = 0;
        for (double v : u) { um += v; assertTrue(v >= 0 && v < 1); }
        for (double v : n) nm += v;
        nm /= n.length;
        for (double v : n) nv += (v - nm) * (v - nm);
        assertEquals(0.5, um / u.length, 0.005);
        assertEquals(0, nm, 0.01);
        assertEquals(1, nv / n.length, 0.02);
        double p = Tensor.bernoulli(g, 0.3, DType.F32, 100_000).mean().item();
        assertEquals(0.3, p, 0.005);
    }
}
