package facet.kernels.cuda;

import facet.kernels.ConvGeometry;
import facet.kernels.ReduceOp;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Grid choices of the launchers: enough blocks, never more than a grid holds, nothing launched for empty work. */
class LaunchPlanTest {
    static final int H100_SMS = 132;

    @Test
    void gridStrideLoopsCoverEveryItemWithinTheCap() {
        assertNull(Launch.loop("unary_f32", 0, new KernelArgs()));
        assertEquals(1, Launch.loopBlocks(1, 256));
        assertEquals(1, Launch.loopBlocks(256, 256));
        assertEquals(2, Launch.loopBlocks(257, 256));
        assertEquals(Launch.MAX_LOOP_BLOCKS, Launch.loopBlocks(1L << 40, 256), "the kernel's loop covers the rest");
    }

    @Test
    void batchedMatmulSplitsTheBatchIntoGridsOfAtMost65535() {
        List<Launch> ls = Gemm.gemm(65, 129, 7, new int[] {70000}, new int[] {65 * 7}, new int[] {0},
                0x1000, 7, 1, 0x2000, 129, 1, 0x3000, Gemm.Precision.FP32);
        assertEquals(2, ls.size());
        assertEquals(new Dim3(3, 2, 65535), ls.get(0).grid(), "ceil(129/64) x ceil(65/64) tiles");
        assertEquals(70000 - 65535, ls.get(1).grid().z());
        assertEquals(65535L, ls.get(1).args().value(4), "the second chunk starts at batch 65535");
        assertEquals("gemm_tf32", Gemm.gemm(1, 1, 1, new int[0], new int[0], new int[0], 0, 1, 1, 0, 1, 1, 0,
                Gemm.Precision.TF32).get(0).kernel());
        assertTrue(Gemm.gemm(0, 5, 5, new int[0], new int[0], new int[0], 0, 1, 1, 0, 1, 1, 0, Gemm.Precision.FP32).isEmpty());
    }

    @Test
    void reductionsPickThreadsBlocksOrSplitBlocks() {
        Reduce.Plan rows = Reduce.plan(1_000_000, 10, H100_SMS);
        assertTrue(rows.perThread(), "short rows: one thread per output");
        Reduce.Plan full = Reduce.plan(1, 10_000_000, H100_SMS);
        assertEquals(2 * H100_SMS, full.splits(), "one long row is spread over about two blocks per SM");
        assertEquals(8L * full.splits(), full.workspaceBytes());
        Reduce.Plan channels = Reduce.plan(512, 100_352, H100_SMS);
        assertEquals(1, channels.splits(), "512 rows already fill the card");
        Reduce.Plan small = Reduce.plan(1, 100, H100_SMS);
        assertEquals(1, small.splits(), "100 elements are not worth a second block");
        List<Launch> ls = Reduce.reduce(ReduceOp.SUM, new int[] {10_000_000}, new int[] {1}, new boolean[] {true}, 0x10, 0x20, full, 0x30);
        assertEquals(List.of("reduce_block_f32", "reduce_finish_f32"), ls.stream().map(Launch::kernel).toList());
        assertEquals(new Dim3(1, full.splits(), 1), ls.get(0).grid());
    }

    @Test
    void convolutionWeightGradientSplitsItsLongReductionOnlyWhenTheTileGridIsSmall() {
        // ResNet-18 layer 1 at 64x64, batch 32: dW is 64 x 576, K = 32*64*64 = 131072
        ConvGeometry g = ConvGeometry.of(32, 64, 64, 64, 64, 3, 3).pad(1);
        Conv2d.WeightPlan p = Conv2d.planWeight(g, H100_SMS);
        assertTrue(p.splits() > 1 && p.chunk() % 16 == 0, p.toString());
        assertTrue(p.splits() * p.chunk() >= 32L * 64 * 64 && (p.splits() - 1) * p.chunk() < 32L * 64 * 64, "the chunks cover K once");
        assertEquals(4L * p.splits() * 64 * 576, p.workspaceBytes());
        List<Launch> ls = Conv2d.backwardWeight(g, 1, 2, 3, Gemm.Precision.FP32, p, 4);
        assertEquals(new Dim3(9, 1, p.splits()), ls.get(0).grid(), "ceil(576/64) x ceil(64/64) x splits");
        assertEquals("reduce_thread_f32", ls.get(1).kernel(), "the splits are summed in a fixed order");
        // a layer with many tiles already fills the card: no split, no workspace
        ConvGeometry wide = ConvGeometry.of(1, 512, 7, 7, 512, 3, 3).pad(1);
        Conv2d.WeightPlan q = Conv2d.planWeight(wide, H100_SMS);
        assertEquals(1, q.splits());
        assertEquals(1, Conv2d.backwardWeight(wide, 1, 2, 3, Gemm.Precision.FP32, q, 0).size());
    }

    @Test
    void convolutionGridsTileOutputsByGroup() {
        ConvGeometry g = ConvGeometry.of(2, 6, 9, 9, 130, 3, 3).stride(2).pad(1).groups(2);   // og = 65, cg = 3
        assertEquals(new Dim3(Launch.ceilDiv(2 * 5 * 5, 64), 2, 2), Conv2d.forward(g, 1, 2, 3, Gemm.Precision.FP32).grid());
        assertEquals(new Dim3(Launch.ceilDiv(2 * 81, 64), 1, 2), Conv2d.backwardInput(g, 1, 2, 3, Gemm.Precision.FP32).grid());
    }

    @Test
    void attentionRunsAWarpPerRowAndSortAPowerOfTwoPerRow() {
        Launch f = Attention.forward(96, 65, 65, 64, 64, 0.125f, 1, 2, 3, Attention.Mask.NONE, 4, 5);
        assertEquals(new Dim3(96, 9, 1), f.grid(), "65 queries at 8 per block");
        assertTrue(Attention.supports(128, 128) && !Attention.supports(129, 64));
        List<Launch> b = Attention.backward(96, 65, 197, 64, 64, 0.125f, 1, 2, 3, Attention.Mask.NONE, 4, 5, 6, 7, 8, 9, 10);
        assertEquals(new Dim3(96, 25, 1), b.get(1).grid(), "197 keys at 8 per block");
        // a (B, 1, Tq, Tk) mask expanded over heads: the head dim has stride 0
        Attention.Mask m = Attention.Mask.of(0x40, new int[] {4, 3, 5, 6}, new int[] {30, 0, 6, 1});
        assertEquals(6, m.queryStride());
        assertEquals(1, m.keyStride());
        assertEquals(List.of(30, 0), java.util.Arrays.stream(m.batchStrides()).boxed().toList());

        assertEquals(8 * 256, Sort.argsort(new int[] {3, 196}, new int[] {196, 1}, 1, true, 1, 2).sharedBytes());
        assertEquals(8, Sort.argsort(new int[] {1}, new int[] {1}, 0, false, 1, 2).sharedBytes());
        assertEquals(8 * 4096, Sort.argsort(new int[] {4096}, new int[] {1}, 0, false, 1, 2).sharedBytes());
        assertThrows(IllegalArgumentException.class, () -> Sort.argsort(new int[] {4097}, new int[] {1}, 0, false, 1, 2));
    }
}
