package facet.kernels.cuda;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How shapes and strides are simplified for the kernels, and how arguments are packed for cuLaunchKernel. */
class LayoutAndArgsTest {
    @Test
    void contiguousTensorsOfAnyRankBecomeOneDim() {
        Layout l = Layout.of(new int[] {2, 3, 4, 5}, new int[] {60, 20, 5, 1});
        assertArrayEquals(new int[] {120}, l.sizes());
        assertArrayEquals(new int[] {1}, l.strides(0));
    }

    @Test
    void sizeOneDimsDropAndOnlyDimsContiguousInEveryOperandMerge() {
        // a (2, 1, 3, 4) contiguous against b = the same shape broadcast along dim 2 (stride 0)
        Layout l = Layout.of(new int[] {2, 1, 3, 4}, new int[] {12, 12, 4, 1}, new int[] {4, 99, 0, 1});
        assertArrayEquals(new int[] {2, 3, 4}, l.sizes());
        assertArrayEquals(new int[] {12, 4, 1}, l.strides(0));
        assertArrayEquals(new int[] {4, 0, 1}, l.strides(1));
        // a transposed matrix stays two dims
        Layout t = Layout.of(new int[] {5, 7}, new int[] {1, 5});
        assertArrayEquals(new int[] {5, 7}, t.sizes());
        assertEquals(35, t.count());
        // scalars and all-ones shapes have rank 0: one element at offset 0
        assertEquals(0, Layout.of(new int[] {1, 1}, new int[] {3, 9}).rank());
        assertEquals(1, Layout.of(new int[0], new int[0]).count());
    }

    @Test
    void pickSplitsKeptAndReducedDims() {
        boolean[] mask = {true, false, true, false};
        assertArrayEquals(new int[] {3, 5}, Layout.pick(new int[] {2, 3, 4, 5}, mask, false));
        assertArrayEquals(new int[] {2, 4}, Layout.pick(new int[] {2, 3, 4, 5}, mask, true));
    }

    @Test
    void structsArePaddedToTheCudaLayout() {
        KernelArgs a = new KernelArgs().i32(7).sizes(new int[] {3, 4}).i64(12).ptr(0xdead0000L).strides(new int[] {4, 1})
                .f32(0.5f).struct(1, 2, 3);
        assertEquals(List.of("i32", "sizes", "i64", "ptr", "strides", "f32", "struct"), a.kinds());
        assertArrayEquals(new int[] {4, 28, 8, 8, 24, 4, 12}, a.byteSizes());
        assertArrayEquals(new int[] {2, 3, 4, 1, 1, 1, 1}, (int[]) a.value(1), "rank, then sizes padded with 1");
        assertArrayEquals(new int[] {4, 1, 0, 0, 0, 0}, (int[]) a.value(4), "strides padded with 0");
        assertEquals(0xdead0000L, a.value(3));
        assertEquals(0.5f, a.value(5));
        assertTrue(a.toPointer() != null);
    }

    @Test
    void moreThanSixDimsAfterMergingIsRefusedWithTheReason() {
        int[] shape = {2, 2, 2, 2, 2, 2, 2}, strides = {1, 2, 4, 8, 16, 32, 64};   // fully transposed: nothing merges
        var e = assertThrows(IllegalArgumentException.class,
                () -> Elementwise.unary(facet.kernels.UnaryOp.EXP, shape, 0, strides, 0));
        assertTrue(e.getMessage().contains("at most 6 dims"), e.getMessage());
    }
}
