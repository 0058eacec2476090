package facet.tensor;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Views share storage and never copy; their element order is checked against hand-written arrays. */
class ViewsTest {
    /** 0, 1, ..., 23 as (2, 3, 4). */
    static Tensor iota() { return Tensor.arange(24, DType.F32).reshape(2, 3, 4); }

    static double[] values(Tensor t) { return t.toDoubleArray(); }

    @Test
    void reshapeOfAContiguousTensorIsAView() {
        Tensor x = iota(), y = x.reshape(4, -1);
        assertSame(x.storage(), y.storage());
        assertArrayEquals(new int[] {4, 6}, y.shape());
        assertArrayEquals(new int[] {6, 1}, y.strides());
    }

    @Test
    void reshapeViewsANonContiguousTensorWhenStridesAllowAndCopiesOtherwise() {
        Tensor t = iota().permute(1, 0, 2);                  // (3, 2, 4), last dim still contiguous
        Tensor split = t.reshape(3, 2, 2, 2);               // splitting the contiguous last dim: a view
        assertSame(t.storage(), split.storage());
        Tensor merged = t.reshape(6, 4);                    // merging permuted dims: needs a copy
        assertFalse(merged.storage() == t.storage());
        assertArrayEquals(new double[] {0, 1, 2, 3, 12, 13, 14, 15, 4, 5, 6, 7}, java.util.Arrays.copyOf(values(merged), 12));
        assertThrows(IllegalArgumentException.class, () -> t.view(6, 4));
    }

    @Test
    void permuteAndTransposeReorderElements() {
        Tensor t = iota().transpose(0, 2);                  // (4, 3, 2)
        assertArrayEquals(new int[] {4, 3, 2}, t.shape());
        assertEquals(13.0, t.get(1, 0, 1));                 // x[1][0][1] of the original
        assertFalse(t.isContiguous());
        Tensor c = t.contiguous();
        assertTrue(c.isContiguous());
        assertEquals(13.0, c.get(1, 0, 1));
    }

    @Test
    void sliceWithStepAndNegativeBounds() {
        Tensor x = Tensor.arange(10, DType.F64);
        assertArrayEquals(new double[] {1, 4, 7}, values(x.slice(0, 1, 10, 3)), 0);
        assertArrayEquals(new double[] {7, 8}, values(x.slice(0, -3, -1, 1)), 0);
        assertArrayEquals(new double[] {}, values(x.slice(0, 5, 5, 1)), 0);
        assertArrayEquals(new double[] {18, 19}, values(iota().narrow(1, 1, 1).narrow(2, 2, 2).narrow(0, 1, 1)), 0);
    }

    @Test
    void expandRepeatsWithStrideZero() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}, 3, 1).expand(2, 3, 4);
        assertArrayEquals(new int[] {0, 1, 0}, x.strides());
        assertEquals(2.0, x.get(1, 1, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tensor.ones(2, 3).expand(4, 3));
        assertTrue(e.getMessage().startsWith("expand: cannot expand [2, 3] to [4, 3]"), e.getMessage());
    }

    @Test
    void squeezeAndUnsqueeze() {
        Tensor x = Tensor.zeros(1, 3, 1, 2);
        assertArrayEquals(new int[] {3, 2}, x.squeeze().shape());
        assertArrayEquals(new int[] {3, 1, 2}, x.squeeze(0).shape());
        assertArrayEquals(new int[] {1, 3, 1, 2}, x.squeeze(1).shape());   // not size 1: unchanged
        assertArrayEquals(new int[] {1, 3, 1, 2, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {1}, Tensor.scalar(5).unsqueeze(0).shape());
    }

    @Test
    void assignWritesThroughAView() {
        Tensor x = Tensor.zeros(3, 4);
        x.narrow(1, 1, 2).assign(Tensor.scalar(7));
        assertArrayEquals(new double[] {0, 7, 7, 0, 0, 7, 7, 0, 0, 7, 7, 0}, values(x), 0);
    }

    @Test
    void zeroSizeTensorsWork() {
        Tensor x = Tensor.zeros(0, 3);
        assertEquals(0, x.numel());
        assertArrayEquals(new int[] {0, 3}, x.add(Tensor.ones(3)).shape());
        assertArrayEquals(new double[] {0, 0, 0}, values(x.sum(false, 0)), 0);
        assertArrayEquals(new int[] {3, 0}, x.transpose(0, 1).contiguous().shape());
    }

    @Test
    void castsRoundTrip() {
        Tensor x = Tensor.of(new double[] {1.5, -2.25, 3}, 3);
        assertArrayEquals(new float[] {1.5f, -2.25f, 3f}, x.to(DType.F32).toFloatArray());
        assertArrayEquals(new int[] {1, -2, 3}, x.to(DType.I32).toIntArray());
        assertSame(x, x.to(DType.F64));
    }
}
