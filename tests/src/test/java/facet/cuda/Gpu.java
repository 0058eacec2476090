package facet.cuda;

import facet.tensor.Backends;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the CUDA tests share: the device (or a skip with the reason, a failure under
 * -Dfacet.gpu.required=true), random inputs, and the comparison that prints its evidence.
 * Pass rule: |cuda - cpu| <= atol + rtol * |cpu| element by element.
 */
final class Gpu {
    private Gpu() {}

    static final Device CUDA = Device.cuda(0);

    /** cuda:0, or the test is skipped with the reason (failed when a GPU is required). */
    static Device require() {
        String why = Backends.cudaUnavailableReason();
        if (why != null && Boolean.getBoolean("facet.gpu.required")) fail("a GPU is required (-Dfacet.gpu.required=true) but " + why);
        assumeTrue(why == null, () -> "no GPU: " + why);
        return CUDA;
    }

    /** Standard normal float32 values on the CPU, from a fixed seed. */
    static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), DType.F32, shape); }

    static Tensor uniform(long seed, double lo, double hi, int... shape) {
        return Tensor.rand(new Generator(seed), DType.F32, shape).mul(hi - lo).add(lo);
    }

    /** f over the CPU inputs and over their CUDA copies, compared. */
    static void same(String what, java.util.function.Function<Tensor[], Tensor> f, double atol, double rtol, Tensor... cpu) {
        Tensor[] dev = new Tensor[cpu.length];
        for (int i = 0; i < cpu.length; i++) dev[i] = cpu[i].to(CUDA);
        close(what, f.apply(dev), f.apply(cpu), atol, rtol);
    }

    /** Compares a CUDA result with the CPU one, printing the first five mismatches and the worst difference. */
    static void close(String what, Tensor cuda, Tensor cpu, double atol, double rtol) {
        assertTrue(cuda.device().equals(CUDA), what + ": expected a CUDA result, got one on " + cuda.device());
        assertArrayEquals(cpu.shape(), cuda.shape(), what + ": shapes differ");
        double[] got = cuda.toDoubleArray(), ref = cpu.toDoubleArray();
        StringBuilder bad = new StringBuilder();
        int mismatches = 0, worstAt = -1;
        double worst = 0;
        for (int i = 0; i < ref.length; i++) {
            double diff = Math.abs(got[i] - ref[i]);
            boolean ok = diff <= atol + rtol * Math.abs(ref[i]) || (Double.isNaN(got[i]) && Double.isNaN(ref[i]))
                    || got[i] == ref[i];
            if (!ok) {
                if (mismatches++ < 5) bad.append(String.format("%n  [%d] cuda %.9g, cpu %.9g", i, got[i], ref[i]));
                if (!(diff <= worst)) { worst = diff; worstAt = i; }
            }
        }
        int n = mismatches, w = worstAt;
        double wd = worst;
        assertTrue(n == 0, () -> what + ": " + n + " of " + ref.length + " elements differ (atol " + atol + ", rtol " + rtol
                + "), worst " + wd + " at " + w + bad);
    }

    /** Bitwise equality of two float tensors (any NaN equals any NaN; +0 and -0 differ), with the first differences. */
    static void identical(String what, Tensor cuda, Tensor cpu) {
        float[] got = cuda.toFloatArray(), ref = cpu.toFloatArray();
        assertTrue(got.length == ref.length, what + ": sizes differ");
        StringBuilder bad = new StringBuilder();
        int n = 0;
        for (int i = 0; i < ref.length; i++) {
            if (Float.floatToIntBits(got[i]) != Float.floatToIntBits(ref[i]) && n++ < 5) {
                bad.append(String.format("%n  [%d] cuda %s (0x%08x), cpu %s (0x%08x)", i, got[i], Float.floatToRawIntBits(got[i]),
                        ref[i], Float.floatToRawIntBits(ref[i])));
            }
        }
        int count = n;
        assertTrue(count == 0, () -> what + ": " + count + " of " + ref.length + " values are not bit-identical" + bad);
    }
}
