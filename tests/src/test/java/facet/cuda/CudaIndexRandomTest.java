package facet.cuda;

import facet.tensor.Backend;
import facet.tensor.Backends;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Index;
import facet.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Gather/scatter, stable argsort and top-k, and Philox: these must agree exactly (indices equal,
 * random numbers bit-identical to the CPU stream); scatter-add sums in atomic order: rtol 1e-6.
 */
class CudaIndexRandomTest {
    Device gpu;

    @BeforeEach
    void gpu() { gpu = Gpu.require(); }

    @Test
    void gatherScatterAndIndexSelectOnViews() {
        Tensor x = Gpu.randn(1, 4, 6, 5).permute(0, 2, 1);                 // (4, 5, 6), strided
        Tensor idx = Tensor.ofInts(new int[] {5, 0, 0, 3, 1, 1, 2, 4, 5, 5, 0, 1}, 4, 1, 3).expand(4, 5, 3);
        Gpu.close("gather", Index.gather(x.to(gpu), 2, idx.to(gpu)), Index.gather(x, 2, idx), 0, 0);
        Tensor src = Gpu.randn(2, 4, 5, 3);
        Gpu.close("scatter_add", Index.scatterAdd(new int[] {4, 5, 6}, 2, idx.to(gpu), src.to(gpu)),
                Index.scatterAdd(new int[] {4, 5, 6}, 2, idx, src), 1e-6, 1e-6);
        Tensor sel = Tensor.ofInts(new int[] {3, 3, 0}, 3);
        Gpu.close("index_select", Index.indexSelect(x.to(gpu), 0, sel.to(gpu)), Index.indexSelect(x, 0, sel), 0, 0);
    }

    @Test
    void anOutOfRangeIndexFailsAsOnTheCpu() {
        Tensor x = Gpu.randn(3, 4, 6), bad = Tensor.ofInts(new int[] {0, 6, 1, 2}, 4, 1);
        var cpu = assertThrows(IndexOutOfBoundsException.class, () -> Index.gather(x, 1, bad));
        // the device queues the check and reports it at the next host read, not after every call (a sync each)
        var cuda = assertThrows(IndexOutOfBoundsException.class, () -> Index.gather(x.to(gpu), 1, bad.to(gpu)).toArray());
        assertEquals(cpu.getMessage(), cuda.getMessage());
        assertThrows(IndexOutOfBoundsException.class,
                () -> Index.scatterAdd(new int[] {4, 6}, 1, bad.to(gpu), Gpu.randn(4, 4, 1).to(gpu)).toArray());
        Tensor good = Tensor.ofInts(new int[] {0, 5, 1, 2}, 4, 1).to(gpu);
        Index.gather(x.to(gpu), 1, good).toArray();     // the failure was reported once, and cleared
    }

    @Test
    void argsortIsStableWithTiesNansAndSignedZeros() {
        Tensor special = Tensor.of(new float[] {2, 1, Float.NaN, 0f, -0f, 1, Float.NEGATIVE_INFINITY, 2, Float.NaN, 0f}, 10);
        for (boolean desc : new boolean[] {false, true}) {
            assertArrayEquals(Index.argsort(special, 0, desc).toIntArray(), Index.argsort(special.to(gpu), 0, desc).toIntArray(),
                    "special values, descending=" + desc);
        }
        for (int n : new int[] {1, 2, 7, 196, 4096, 5000}) {       // 5000 exceeds the shared-memory sort: host path
            Tensor x = Gpu.randn(n, 3, n).mul(3).relu();              // ties at 0
            for (int axis = 0; axis < 2; axis++) {
                for (boolean desc : new boolean[] {false, true}) {
                    assertArrayEquals(Index.argsort(x, axis, desc).toIntArray(), Index.argsort(x.to(gpu), axis, desc).toIntArray(),
                            "argsort n=" + n + " axis " + axis + " descending=" + desc);
                }
            }
            int k = Math.max(1, n / 4);
            Tensor[] ref = Index.topk(x, k, 1, true), got = Index.topk(x.to(gpu), k, 1, true);
            assertArrayEquals(ref[1].toIntArray(), got[1].toIntArray(), "topk indices n=" + n);
            Gpu.identical("topk values n=" + n, got[0], ref[0]);
        }
        Tensor view = Gpu.randn(9, 5, 33).transpose(0, 1);
        assertArrayEquals(Index.argsort(view, 1, true).toIntArray(), Index.argsort(view.to(gpu), 1, true).toIntArray());
    }

    @Test
    void philoxNumbersAreBitIdenticalToTheCpuStream() {
        Backend cuda = Backends.of(gpu, DType.F32), cpu = Backends.of(Device.CPU, DType.F32);
        for (int n : new int[] {1, 3, 4, 5, 1001, 100_003}) {
            for (long offset : new long[] {0, 7, 1L << 33}) {
                for (Backend.Distribution d : Backend.Distribution.values()) {
                    long seed = 0x9E3779B97F4A7C15L * n + offset;
                    Gpu.identical(d + " n=" + n + " offset=" + offset, cuda.random(new int[] {n}, DType.F32, d, seed, offset),
                            cpu.random(new int[] {n}, DType.F32, d, seed, offset));
                }
            }
        }
        // through the Generator: a CUDA request advances the stream exactly like a CPU one
        Generator g1 = new Generator(5), g2 = new Generator(5);
        Gpu.identical("randn via Generator", Tensor.randn(g1, gpu, DType.F32, 7, 9), Tensor.randn(g2, DType.F32, 7, 9));
        Gpu.identical("rand after it", Tensor.rand(g1, gpu, DType.F32, 13), Tensor.rand(g2, DType.F32, 13));
        Gpu.identical("bernoulli", Tensor.bernoulli(g1, 0.3, gpu, DType.F32, 101), Tensor.bernoulli(g2, 0.3, DType.F32, 101));
    }
}
