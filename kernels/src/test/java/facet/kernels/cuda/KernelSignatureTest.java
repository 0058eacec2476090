package facet.kernels.cuda;

import facet.kernels.BinaryOp;
import facet.kernels.ConvGeometry;
import facet.kernels.PoolGeometry;
import facet.kernels.ReduceOp;
import facet.kernels.UnaryOp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every launcher against what nvcc compiled, without a GPU: the PTX the build keeps beside the
 * fatbin (target/cuda/facet.ptx) lists each kernel's parameters, and ptxas's log (ptxas.log) its
 * registers and static shared memory. A launch whose argument bytes differ from the parameter
 * list would read garbage on the device; one that asks for more registers or shared memory than
 * an SM has would fail to launch. Both are caught here. Skipped, with the reason, when the build
 * had no nvcc.
 */
class KernelSignatureTest {
    static final Path PTX = Path.of("target/cuda/facet.ptx"), LOG = Path.of("target/cuda/ptxas.log");
    static Map<String, int[]> params;
    static Map<String, int[]> resources;            // sm_80: {registers, static shared bytes}

    @BeforeAll
    static void read() throws IOException {
        if (!Files.exists(PTX)) return;
        params = parsePtx(Files.readString(PTX));
        resources = parsePtxas(Files.readString(LOG));
    }

    /** Each test skips, saying why, when the build had no nvcc (so surefire counts it as skipped). */
    @BeforeEach
    void requirePtx() { assumeTrue(params != null, () -> "no PTX to check against: " + KernelImage.status()); }

    static Map<String, int[]> parsePtx(String ptx) {
        Map<String, int[]> out = new HashMap<>();
        Matcher m = Pattern.compile("\\.entry\\s+(\\w+)\\(([^)]*)\\)").matcher(ptx);
        while (m.find()) {
            List<Integer> sizes = new ArrayList<>();
            for (String p : m.group(2).split(",")) {
                if (p.isBlank()) continue;
                Matcher arr = Pattern.compile("\\[(\\d+)]").matcher(p);
                if (arr.find()) sizes.add(Integer.parseInt(arr.group(1)));
                else if (p.matches("(?s).*\\.[usbf]64\\s.*")) sizes.add(8);
                else if (p.matches("(?s).*\\.[usbf]32\\s.*")) sizes.add(4);
                else throw new IllegalStateException("unknown PTX parameter: " + p.strip());
            }
            out.put(m.group(1), sizes.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    static Map<String, int[]> parsePtxas(String log) {
        Map<String, int[]> out = new HashMap<>();
        Matcher m = Pattern.compile("Compiling entry function '(\\w+)' for 'sm_80'.*?Used (\\d+) registers(.*?)\\n", Pattern.DOTALL).matcher(log);
        while (m.find()) {
            Matcher smem = Pattern.compile("(\\d+) bytes smem").matcher(m.group(3));
            out.put(m.group(1), new int[] {Integer.parseInt(m.group(2)), smem.find() ? Integer.parseInt(smem.group(1)) : 0});
        }
        return out;
    }

    /** At least one launch of every launcher, with edge shapes; addresses are fake (nothing runs). */
    static List<Launch> samples() {
        List<Launch> ls = new ArrayList<>();
        int[] s3 = {2, 3, 5}, c3 = {15, 5, 1}, t3 = {1, 2, 6};
        for (UnaryOp op : UnaryOp.values()) ls.add(Elementwise.unary(op, s3, 1, t3, 2));
        for (BinaryOp op : BinaryOp.values()) ls.add(Elementwise.binary(op, s3, 1, c3, 2, new int[] {0, 5, 1}, 3));
        ls.add(Elementwise.where(s3, 1, c3, 2, t3, 3, new int[] {0, 0, 0}, 4));
        for (String a : new String[] {"f32", "f64", "i32"})
            for (String b : new String[] {"f32", "f64", "i32"}) ls.add(Elementwise.copy(a, b, s3, 1, t3, 2, c3));
        for (ReduceOp op : ReduceOp.values()) {
            for (long k : new long[] {3, 100_000}) {
                Reduce.Plan p = Reduce.plan(k == 3 ? 10 : 1, k, 132);
                ls.addAll(Reduce.reduce(op, new int[] {(int) k, 4}, new int[] {4, 1}, new boolean[] {true, false}, 1, 2, p, 3));
            }
        }
        ls.add(Reduce.argReduce(true, s3, c3, 1, 1, 2));
        for (Gemm.Precision p : Gemm.Precision.values()) {
            ls.addAll(Gemm.gemm(65, 63, 17, new int[] {3, 2}, new int[] {0, 65 * 17}, new int[] {17 * 63, 0}, 1, 17, 1, 2, 1, 17, 3, p));
            ConvGeometry g = ConvGeometry.of(2, 4, 9, 9, 6, 3, 3).stride(2).pad(1).groups(2);
            ls.add(Conv2d.forward(g, 1, 2, 3, p));
            ls.add(Conv2d.backwardInput(g, 1, 2, 3, p));
            ls.addAll(Conv2d.backwardWeight(g, 1, 2, 3, p, Conv2d.planWeight(g, 132), 4));
            ConvGeometry big = ConvGeometry.of(32, 64, 64, 64, 64, 3, 3).pad(1);
            ls.addAll(Conv2d.backwardWeight(big, 1, 2, 3, p, Conv2d.planWeight(big, 132), 4));
        }
        Attention.Mask mask = Attention.Mask.of(9, new int[] {2, 3, 5, 7}, new int[] {35, 0, 7, 1});
        ls.add(Attention.forward(6, 5, 7, 64, 32, 0.125f, 1, 2, 3, mask, 4, 5));
        ls.addAll(Attention.backward(6, 5, 7, 64, 32, 0.125f, 1, 2, 3, Attention.Mask.NONE, 4, 5, 6, 7, 8, 9, 10));
        boolean[] ln = {false, false, true};
        ls.add(Norm.forward(s3, t3, ln, 1e-5f, 1, 2, 3));
        ls.add(Norm.backward(s3, ln, 1, c3, 2, c3, 3, 4));
        ls.add(Softmax.softmax(true, s3, t3, 2, 1, 2));
        PoolGeometry pg = PoolGeometry.of(6, 9, 9, 3, 3).stride(2).pad(1);
        ls.add(Pool2d.max(pg, 1, 2, 3));
        ls.add(Pool2d.avg(pg, true, 1, 2));
        ls.add(Pool2d.avgBackward(pg, false, 1, 2));
        ls.add(Index.gather(s3, 1, c3, 2, t3, 1, 4, 3, 4));
        ls.add(Index.scatterAdd(s3, 1, c3, 2, t3, new int[] {2, 4, 5}, 1, 3, 4));
        ls.add(Sort.argsort(s3, c3, 2, true, 1, 2));
        ls.add(Philox.fill(true, 10, 42, 7, 1));
        ls.add(AdamW.step(10, 1, 2, 3, 4, 1e-3, 0.9, 0.999, 1e-8, 0.05, 3));
        ls.addAll(MaskedMse.forward(2048, 192, true, 1, 2, 3, 4, 5));
        ls.add(MaskedMse.backward(7, 13, false, 1, 2, 3, 4, 5));
        ls.add(Gap.forward(2048, 192, 1, 1, 2));
        ls.add(Gap.forward(32, 64, 192, 1, 2));
        return ls;
    }

    @Test
    void everyLaunchPacksExactlyTheKernelsParameters() {
        for (Launch l : samples()) {
            int[] want = params.get(l.kernel());
            assertTrue(want != null, "no kernel named " + l.kernel() + " in the PTX");
            assertEquals(Arrays.toString(want), Arrays.toString(l.args().byteSizes()), "parameter bytes of " + l);
        }
    }

    @Test
    void everyKernelInTheFatbinHasALauncher() {
        TreeSet<String> launched = new TreeSet<>();
        for (Launch l : samples()) launched.add(l.kernel());
        TreeSet<String> orphans = new TreeSet<>(params.keySet());
        orphans.removeAll(launched);
        assertTrue(orphans.isEmpty(), "kernels nothing launches: " + orphans);
    }

    @Test
    void everyLaunchFitsAnSmsRegistersAndSharedMemory() {
        for (Launch l : samples()) {
            int[] r = resources.get(l.kernel());
            assertTrue(r != null, "ptxas.log has no sm_80 entry for " + l.kernel());
            long threads = l.block().count();
            assertTrue(threads <= 1024 && threads % 32 == 0, "block of " + l);
            assertTrue(threads * r[0] <= 65536, l.kernel() + ": " + r[0] + " registers x " + threads + " threads exceed an SM");
            assertTrue(r[1] + l.sharedBytes() <= 48 * 1024, l.kernel() + ": " + r[1] + " + " + l.sharedBytes() + " bytes of shared memory");
        }
    }
}
