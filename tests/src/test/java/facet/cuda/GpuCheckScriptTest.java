package facet.cuda;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The GPU check's scripts on a machine without a GPU: torch_bench.py skips without torch or CUDA,
 * and table.py joins and rates rows correctly. (GpuBenchmark's skip: the bench module's
 * GpuBenchmarkTest; the bundle itself: bench/gpu/README.md's dry run.)
 */
class GpuCheckScriptTest {
    /** bench/gpu from the tests module (the repository), or scripts/ in an unpacked bundle. */
    static Path scripts() {
        for (Path p : List.of(Path.of("../bench/gpu"), Path.of("scripts"))) if (Files.exists(p.resolve("table.py"))) return p;
        return null;
    }

    static String python(String... args) throws IOException, InterruptedException {
        Path dir = scripts();
        assumeTrue(dir != null, "the check's scripts are not beside this test run");
        List<String> cmd = new java.util.ArrayList<>(List.of("python3", dir.resolve(args[0]).toString()));
        cmd.addAll(List.of(args).subList(1, args.length));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, "python3 is not installed: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void tableJoinsByOpAndShapeAndRatesFacetsTimings(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path facet = tmp.resolve("facet.csv"), torch = tmp.resolve("torch.csv");
        Files.writeString(facet, """
                op,shape,facet_ms,flop,bytes
                # device: Test GPU
                matmul_fp32,1024x1024x1024,2.0000,2147483648,0
                softmax,B32 T65,0.5000,0,8000000
                conv2d_fwd,N2 C3 8x8 O4 k3 s1,1.0000,1000,0
                """);
        Files.writeString(torch, """
                op,shape,torch_ms
                matmul_fp32,1024x1024x1024,0.5000
                softmax,B32 T65,0.2500
                """);
        String out = python("table.py", facet.toString(), torch.toString());
        List<String> lines = out.lines().toList();
        assertEquals("facet device: Test GPU", lines.get(0));
        assertTrue(lines.get(1).startsWith("op") && lines.get(1).contains("Facet ms") && lines.get(1).contains("ratio"), out);
        assertTrue(lines.get(3).matches("matmul_fp32 +1024x1024x1024 +2\\.000 +0\\.500 +4\\.00 +1073\\.7 GFLOP/s"), lines.get(3));
        assertTrue(lines.get(4).matches("softmax +B32 T65 +0\\.500 +0\\.250 +2\\.00 +16\\.0 GB/s"), lines.get(4));
        assertTrue(lines.get(5).matches("conv2d_fwd +N2 C3 8x8 O4 k3 s1 +1\\.000 +- +- +0\\.0 GFLOP/s"), lines.get(5));
    }

    @Test
    void theTorchScriptSkipsWithoutTorchOrAGpu() throws Exception {
        String out = python("torch_bench.py", "--quick");
        assertTrue(out.startsWith("op,shape,torch_ms\n"), out);
        boolean ran = out.lines().anyMatch(l -> l.startsWith("matmul_fp32,256x256x256,"));
        assertTrue(ran || out.lines().anyMatch(l -> l.startsWith("# skipped: ")), out);
    }
}
