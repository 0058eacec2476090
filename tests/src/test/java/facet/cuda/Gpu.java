package facet.cuda;

import facet.tensor.Backends;
import facet.tensor.DType;
import facet.tensor.Device;
import facet.tensor.Generator;
import facet.tensor.Tensor;

import java.util.function.Function;

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
    static void same(String what, Function<Tensor[], Tensor> f, double atol, double rtol, Tensor... cpu) {
        Tensor[] dev = new Tensor[cpu.length];
        for (int i = 0; i < cpu.length; i++) dev[i] = cpu[i].to(CUDA);
        close(what, f.apply(dev), f.apply(cpu), atol, rtol);
    }

    /** Compares a CUDA result with the CPU one, printing the first five mismatches and the worst difference. */
    static void close(String what, Tensor cuda, Tensor cpu, double atol, double rtol) {
        onDevices(what, cuda, cpu);
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
        onDevices(what, cuda, cpu);
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

    /**
     * Compares one optimizer update, after - before, made on CUDA and on the CPU: |dCuda - dCpu| <=
     * rtol * (max|dCpu| + |dCpu|) plus one float32 ulp of the parameter (the update's own rounding),
     * a tolerance relative to the update's size; one on the parameters would hide a whole step.
     * Elements with skip[i] are left out (null: none), and the count is printed with any failure.
     */
    static void sameUpdate(String what, Tensor cudaBefore, Tensor cudaAfter, Tensor cpuBefore, Tensor cpuAfter, double rtol, boolean[] skip) {
        onDevices(what + " (after)", cudaAfter, cpuAfter);
        double[] b = cudaBefore.toDoubleArray(), a = cudaAfter.toDoubleArray(), rb = cpuBefore.toDoubleArray(), ra = cpuAfter.toDoubleArray();
        double scale = 0;
        for (int i = 0; i < rb.length; i++) scale = Math.max(scale, Math.abs(ra[i] - rb[i]));
        StringBuilder bad = new StringBuilder();
        int mismatches = 0, skipped = 0;
        for (int i = 0; i < rb.length; i++) {
            if (skip != null && skip[i]) { skipped++; continue; }
            double got = a[i] - b[i], ref = ra[i] - rb[i], ulp = Math.ulp((float) Math.max(Math.abs(ra[i]), Math.abs(rb[i])));
            if (Math.abs(got - ref) > rtol * (scale + Math.abs(ref)) + ulp && mismatches++ < 5) {
                bad.append(String.format("%n  [%d] cuda update %.6g, cpu update %.6g (cpu %.9g -> %.9g)", i, got, ref, rb[i], ra[i]));
            }
        }
        int n = mismatches, left = skipped;
        double sc = scale;
        assertTrue(n == 0, () -> what + ": " + n + " of " + rb.length + " updates differ (rtol " + rtol + " of the largest update " + sc
                + ", plus one ulp; " + left + " left out)" + bad);
    }

    /** The result must be on cuda:0 (a silent CPU fallback would compare the CPU with itself) and the reference on the CPU, of one shape. */
    private static void onDevices(String what, Tensor cuda, Tensor cpu) {
        assertTrue(cuda.device().equals(CUDA), what + ": expected a CUDA result, got one on " + cuda.device());
        assertTrue(cpu.device().equals(Device.CPU), what + ": expected the reference on the CPU, got it on " + cpu.device());
        assertArrayEquals(cpu.shape(), cuda.shape(), what + ": shapes differ");
    }
}
