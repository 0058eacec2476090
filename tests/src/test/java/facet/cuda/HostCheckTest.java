package facet.cuda;

import facet.kernels.BinaryOp;
import facet.kernels.ConvGeometry;
import facet.kernels.PoolGeometry;
import facet.kernels.UnaryOp;
import facet.kernels.cpu.Philox;
import facet.kernels.cpu.Pool2d;
import facet.kernels.cpu.Reduce;
import facet.kernels.cuda.Conv2d;
import facet.kernels.cuda.Gemm;
import facet.kernels.cuda.KernelArgs;
import facet.kernels.cuda.KernelImage;
import facet.kernels.cuda.Launch;
import facet.kernels.cuda.Layout;
import facet.tensor.ConvParams;
import facet.tensor.Convolution;
import facet.tensor.DType;
import facet.tensor.Generator;
import facet.tensor.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CUDA kernels' per-element code, compiled for the CPU by the build (kernels/src/test/cuda/
 * host_check.cu includes the kernel sources), against the Java kernels, without a GPU. Exact where
 * both sides round the same operations (casts, comparisons, +-*, Philox, AdamW, pooling); within
 * one float ulp (or 1e-12) where libm and Java's Math may differ in the last bit of a double (exp, erf, pow);
 * at 1e-5 * sqrt(k) relative to |a||b| for the GEMM problems, whose k order differs from the CPU's.
 * The GEMM problems take the launchers' own packed arguments, so the Java packing is checked too.
 */
class HostCheckTest {
    static final Path EXE = Path.of("../kernels/target/cuda/host_check");

    @BeforeEach
    void requireHostCheck() {
        assumeTrue(Files.isExecutable(EXE), () -> "no host build of the kernels to run: " + KernelImage.status());
    }

    static List<String> run(String input, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(EXE.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Thread feeder = Thread.ofVirtual().start(() -> {
            try (var in = p.getOutputStream()) {
                in.write(input.getBytes(StandardCharsets.US_ASCII));
            } catch (IOException ignored) {
                // the process died: its exit code says so below
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        feeder.join();
        assertEquals(0, p.waitFor(), "host_check " + String.join(" ", args) + " failed");
        return out.lines().toList();
    }

    static String hex(float... v) {
        StringBuilder sb = new StringBuilder();
        for (float f : v) sb.append(String.format("%08x ", Float.floatToRawIntBits(f)));
        return sb.toString();
    }

    static String ints(int... v) {
        StringBuilder sb = new StringBuilder();
        for (int i : v) sb.append(i).append(' ');
        return sb.toString();
    }

    static float[] floats(String line) {
        String[] parts = line.trim().split(" ");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) out[i] = Float.intBitsToFloat(Integer.parseUnsignedInt(parts[i], 16));
        return out;
    }

    static long[] longs(String line) { return Arrays.stream(line.trim().split(" ")).mapToLong(Long::parseLong).toArray(); }

    /**
     * Equal, or both NaN, or (when ulps = 1) one float ulp or 1e-12 apart: the absolute term covers a
     * formula that cancels in double, GELU's 1 + erf(x / sqrt 2) below x = -5, where both sides keep
     * only the absolute accuracy of a double.
     */
    static void agree(String what, float[] got, float[] want, int ulps) { agree(what, got, want, ulps, i -> 1.0); }

    /** As above, with the absolute term 1e-12 scaled per element (a formula that multiplies a cancelling double by a factor). */
    static void agree(String what, float[] got, float[] want, int ulps, java.util.function.IntToDoubleFunction scale) {
        assertEquals(want.length, got.length, what + ": sizes");
        for (int i = 0; i < want.length; i++) {
            double diff = Math.abs((double) got[i] - want[i]);
            boolean ok = Float.floatToIntBits(got[i]) == Float.floatToIntBits(want[i])
                    || (ulps > 0 && (diff <= Math.ulp(want[i]) || diff <= 1e-12 * scale.applyAsDouble(i)));
            int at = i;
            assertTrue(ok, () -> what + " [" + at + "]: host kernel " + got[at] + ", Java " + want[at]);
        }
    }

    static final float[] SPECIAL = {Float.NaN, 0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1f, -1f, 1e-30f,
            -1e-40f, Float.MAX_VALUE, Float.MIN_VALUE, 3.5f, -2.25f, 88.7f, -103.9f, 20f, -20f, 0.5f, 6.5f, -7f, 3e9f, -3e9f};

    static float[] values(long seed, int n, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        return v;
    }

    static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void unaryFormulasAndSpecialValuesMatchUnaryOp() throws Exception {
        float[] x = concat(SPECIAL, values(1, 3000, 12));
        List<String> lines = run(x.length + " " + hex(x), "unary");
        for (UnaryOp op : UnaryOp.values()) {
            float[] want = new float[x.length];
            for (int i = 0; i < x.length; i++) want[i] = op.apply(x[i]);
            agree(op.name(), floats(lines.get(facet.kernels.cuda.Elementwise.unaryCode(op))), want, 1);
        }
    }

    @Test
    void binaryOpsOnAllPairsFollowJavasRules() throws Exception {
        float[] x = concat(SPECIAL, values(2, 40, 5));
        List<String> lines = run(x.length + " " + hex(x), "binary");
        for (BinaryOp op : BinaryOp.values()) {
            float[] want = new float[x.length * x.length];
            for (int i = 0; i < x.length; i++) for (int j = 0; j < x.length; j++) want[i * x.length + j] = op.apply(x[i], x[j]);
            float[] got = floats(lines.get(facet.kernels.cuda.Elementwise.binaryCode(op)));
            if (op == BinaryOp.GELU_BACKWARD) {   // g * gelu'(x): gelu' cancels like GELU (see agree), then scales by |g|
                agree(op.name(), got, want, 1, i -> Math.max(1, Math.abs(x[i / x.length])));
            } else {
                agree(op.name(), got, want, op == BinaryOp.POW ? 1 : 0);
            }
        }
    }

    @Test
    void floatToIntCastsAndSortKeysFollowJava() throws Exception {
        float[] x = concat(SPECIAL, values(3, 200, 1e10));
        long[] casts = longs(run(x.length + " " + hex(x), "cast").get(0));
        for (int i = 0; i < x.length; i++) assertEquals((int) x[i], casts[i], "(int) " + x[i]);
        List<String> keys = run(x.length + " " + hex(x), "sortkey");
        long[] asc = longs(keys.get(0)), desc = longs(keys.get(1));
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
                int c = Integer.signum(Float.compare(x[i], x[j]));
                assertEquals(c, Integer.signum(Long.compare(asc[i], asc[j])), "ascending key order of " + x[i] + ", " + x[j]);
                assertEquals(-c, Integer.signum(Long.compare(desc[i], desc[j])), "descending key order of " + x[i] + ", " + x[j]);
            }
        }
    }

    @Test
    void packedLayoutsAddressEveryElementAsTheJavaWalkDoes() throws Exception {
        SplittableRandom r = new SplittableRandom(4);
        for (int trial = 0; trial < 60; trial++) {
            int rank = r.nextInt(1, 7);
            int[] shape = new int[rank], strides = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = r.nextInt(1, 5);
                strides[d] = r.nextInt(4) == 0 ? 0 : r.nextInt(1, 40);
            }
            if (trial % 3 == 0) strides = Layout.contiguous(shape);           // merges to one dim
            Layout l = Layout.of(shape, strides);
            KernelArgs a = new KernelArgs().sizes(l.sizes()).strides(l.strides(0));
            int n = (int) l.count();
            long[] got = longs(run(n + " " + ints((int[]) a.value(0)) + ints((int[]) a.value(1)), "strided").get(0));
            int[] idx = new int[rank];
            for (int i = 0; i < n; i++) {
                long want = 0;
                for (int d = 0; d < rank; d++) want += (long) idx[d] * strides[d];
                assertEquals(want, got[i], "element " + i + " of shape " + Arrays.toString(shape) + " strides " + Arrays.toString(strides));
                for (int d = rank - 1; d >= 0 && ++idx[d] == shape[d]; d--) idx[d] = 0;
            }
        }
    }

    @Test
    void argReductionScanAndButterflyPickWhatTheCpuPicks() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        for (int n : new int[] {1, 2, 31, 32, 33, 100, 1000}) {
            for (int trial = 0; trial < 6; trial++) {
                float[] x = new float[n];
                for (int i = 0; i < n; i++) x[i] = r.nextInt(5) - 2;                      // many ties
                if (trial % 3 == 1) x[r.nextInt(n)] = Float.NaN;
                if (trial % 3 == 2) { x[r.nextInt(n)] = Float.NaN; x[r.nextInt(n)] = Float.NaN; }
                for (int max = 0; max < 2; max++) {
                    int[] want = new int[1];
                    Reduce.argReduce(max == 1, x, 0, new int[] {1}, new int[] {n}, 0, want);
                    long got = longs(run(max + " " + n + " " + hex(x), "argreduce").get(0))[0];
                    assertEquals(want[0], got, (max == 1 ? "argmax" : "argmin") + " of " + Arrays.toString(x));
                }
            }
        }
    }

    @Test
    void philoxStreamIsTheCpusBitForBit() throws Exception {
        for (long[] c : new long[][] {{0, 0, 1}, {42, 7, 5}, {-1, 1L << 33, 1001}, {0x9E3779B97F4A7C15L, 3, 4096}}) {
            int n = (int) c[2];
            for (int normal = 0; normal < 2; normal++) {
                float[] want = new float[n];
                if (normal == 1) Philox.normal(c[0], c[1], want, 0, n);
                else Philox.uniform(c[0], c[1], want, 0, n);
                float[] got = floats(run("", "philox", Long.toUnsignedString(c[0]), Long.toString(c[1]), Integer.toString(n),
                        Integer.toString(normal)).get(0));
                agree((normal == 1 ? "normal" : "uniform") + " seed " + c[0] + " offset " + c[1], got, want, 0);
            }
        }
    }

    @Test
    void adamwStepIsTheComposedStepBitForBit() throws Exception {
        int n = 500;
        float[] p = values(6, n, 1), g = values(7, n, 0.1), m = values(8, n, 0.01), v = values(9, n, 1e-3);
        for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
        double lr = 3e-4, b1 = 0.9, b2 = 0.95, eps = 1e-8, wd = 0.05;
        long step = 7;
        KernelArgs a = facet.kernels.cuda.AdamW.step(n, 1, 2, 3, 4, lr, b1, b2, eps, wd, step).args();
        float[] c = new float[9];
        for (int i = 0; i < 9; i++) c[i] = (float) a.value(5 + i);
        List<String> got = run(n + " " + hex(c) + hex(p) + hex(g) + hex(m) + hex(v), "adamw");
        Tensor tp = Tensor.of(p, n), tm = Tensor.of(m, n), tv = Tensor.of(v, n);
        tp.backend().adamw(tp, Tensor.of(g, n), tm, tv, lr, b1, b2, eps, wd, step);   // the composed default on the CPU
        agree("p", floats(got.get(0)), tp.toFloatArray(), 0);
        agree("m", floats(got.get(1)), tm.toFloatArray(), 0);
        agree("v", floats(got.get(2)), tv.toFloatArray(), 0);
    }

    @Test
    void poolingMatchesTheCpuKernelsExactly() throws Exception {
        for (int[] s : new int[][] {{3, 9, 8, 2, 2, 2, 2, 0, 0}, {2, 7, 7, 3, 3, 2, 2, 1, 1}, {1, 5, 6, 3, 2, 1, 1, 1, 1}, {2, 1, 1, 1, 1, 1, 1, 0, 0}}) {
            PoolGeometry g = PoolGeometry.of(s[0], s[1], s[2], s[3], s[4]).stride(s[5], s[6]).pad(s[7], s[8]);
            int in = g.planes() * g.h() * g.w(), on = g.planes() * g.oh() * g.ow();
            float[] x = values(10, in, 3), dout = values(11, on, 1);
            for (int i = 0; i < in; i += 3) x[i] = 0;                                   // ties
            for (int countPad = 0; countPad < 2; countPad++) {
                int[] packed = (int[]) facet.kernels.cuda.Pool2d.max(g, 1, 2, 3).args().value(0);
                List<String> got = run(ints(packed) + countPad + " " + hex(x) + hex(dout), "pool");
                float[] max = new float[on], avg = new float[on], dx = new float[in];
                int[] idx = new int[on];
                Pool2d.max(g, x, max, idx);
                Pool2d.avg(g, x, avg, countPad == 1);
                Pool2d.avgBackward(g, dout, dx, countPad == 1);
                String name = "pool " + g + " countPad " + countPad;
                agree(name + " max", floats(got.get(0)), max, 0);
                assertArrayEquals(Arrays.stream(idx).asLongStream().toArray(), longs(got.get(1)), name + " argmax");
                agree(name + " avg", floats(got.get(2)), avg, 0);
                agree(name + " avg backward", floats(got.get(3)), dx, 0);
            }
        }
    }

    static Tensor randn(long seed, int... shape) { return Tensor.randn(new Generator(seed), DType.F32, shape); }

    /** |got - ref| <= 1e-5 sqrt(k) max|ref| + 1e-5 |ref|, element by element. */
    static void closeTo(String what, float[] got, Tensor ref64, int k) {
        double[] ref = ref64.toDoubleArray();
        assertEquals(ref.length, got.length, what + ": sizes");
        double scale = 0;
        for (double r : ref) scale = Math.max(scale, Math.abs(r));
        for (int i = 0; i < ref.length; i++) {
            double tol = 1e-5 * Math.sqrt(Math.max(k, 1)) * Math.max(scale, 1) + 1e-5 * Math.abs(ref[i]);
            int at = i;
            assertTrue(Math.abs(got[i] - ref[i]) <= tol, () -> what + " [" + at + "]: host kernel " + got[at] + ", float64 " + ref[at]);
        }
    }

    @Test
    void matmulProblemsWithTheLaunchersPackedBatchStrides() throws Exception {
        // a (2, 1, 5, 7) transposed-from (2, 1, 7, 5) storage, b (3, 7, 4) broadcast over the first batch dim
        Tensor aStore = randn(12, 2, 1, 7, 5), b = randn(13, 3, 7, 4);
        Tensor a = aStore.transpose(-1, -2).expand(2, 3, 5, 7), bb = b.expand(2, 3, 7, 4);
        int[] as = a.strides(), bs = bb.strides();
        Launch l = Gemm.gemm(5, 4, 7, new int[] {2, 3}, new int[] {as[0], as[1]}, new int[] {bs[0], bs[1]}, 0, as[2], as[3], 0,
                bs[2], bs[3], 0, Gemm.Precision.FP32).get(0);
        KernelArgs k = l.args();      // m n k | batch sizes | batch0 | a | a batch strides | ars acs | b | b batch strides | brs bcs | c
        String input = "5 4 7 " + ints((int[]) k.value(3)) + ints((int[]) k.value(6)) + ints((int[]) k.value(10)) + k.value(7) + " "
                + k.value(8) + " " + k.value(11) + " " + k.value(12) + " " + 70 + " " + hex(aStore.toFloatArray()) + 84 + " " + hex(b.toFloatArray());
        float[] got = floats(run(input, "matmul").get(0));
        closeTo("batched matmul", got, a.to(DType.F64).matmul(bb.to(DType.F64)), 7);
    }

    /** {N, C, H, W, O, k, stride, pad, dilation, groups}. */
    static final int[][] CONVS = {{2, 3, 8, 9, 4, 3, 1, 1, 1, 1}, {1, 1, 1, 1, 1, 1, 1, 0, 1, 1}, {2, 4, 7, 7, 6, 3, 2, 1, 1, 2},
            {3, 8, 13, 11, 8, 3, 1, 2, 2, 8}, {1, 3, 32, 32, 16, 7, 2, 3, 1, 1}, {8, 16, 16, 16, 16, 3, 1, 1, 1, 1}, {2, 6, 5, 9, 3, 2, 3, 0, 1, 3}};

    @Test
    void convolutionProblemsGatherTheRightPixelsForwardAndBackward() throws Exception {
        for (int[] c : CONVS) {
            ConvParams p = new ConvParams(c[6], c[6], c[7], c[7], c[8], c[8], c[9]);
            Tensor x = randn(14, c[0], c[1], c[2], c[3]), w = randn(15, c[4], c[1] / c[9], c[5], c[5]);
            Tensor y = Convolution.conv2d(x.to(DType.F64), w.to(DType.F64), p), dy = randn(16, y.shape());
            ConvGeometry g = ConvGeometry.of(c[0], c[1], c[2], c[3], c[4], c[5], c[5]).stride(c[6]).pad(c[7]).dilation(c[8], c[8]).groups(c[9]);
            Conv2d.WeightPlan plan = Conv2d.planWeight(g, 132);
            int[] shape = (int[]) Conv2d.forward(g, 1, 2, 3, Gemm.Precision.FP32).args().value(0);
            List<String> got = run(ints(shape) + plan.splits() + " " + plan.chunk() + " " + hex(x.toFloatArray()) + hex(w.toFloatArray())
                    + hex(dy.toFloatArray()), "conv");
            String name = "conv " + Arrays.toString(c) + " (dW in " + plan.splits() + " splits)";
            closeTo(name, floats(got.get(0)), y, g.patch());
            closeTo(name + " dX", floats(got.get(1)), Convolution.conv2dBackwardInput(dy.to(DType.F64), w.to(DType.F64), x.shape(), p),
                    g.og() * g.kh() * g.kw());
            closeTo(name + " dW", floats(got.get(2)), Convolution.conv2dBackwardWeight(x.to(DType.F64), dy.to(DType.F64), w.shape(), p),
                    g.n() * g.oh() * g.ow());
        }
    }
}
