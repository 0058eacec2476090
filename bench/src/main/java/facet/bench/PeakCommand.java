package facet.bench;

import facet.kernels.Scope;
import facet.kernels.cpu.Parallel;
import facet.kernels.cpu.Simd;
import jdk.incubator.vector.FloatVector;
import picocli.CommandLine.Command;

/**
 * The ceiling for GEMM on this CPU: vector FMAs on registers alone, 16 independent chains a
 * thread (enough to cover the FMA latency on every pipe), no loads or stores. A GEMM's GFLOP/s
 * over this says how much of the machine it uses; on the Zen 5 VM of bench/RESULTS.md this ran
 * at 207-215 GFLOP/s a thread, TensorFlow's sgemm 2048 at 206.7 on one thread and Facet's at 175.
 */
@Command(name = "peak", description = "GFLOP/s of vector FMAs on registers alone: the ceiling for GEMM on this CPU.")
final class PeakCommand extends BenchOptions implements Runnable {
    /** FMA steps of each chain per timed call: about 2.5 ms at 215 GFLOP/s a thread with 512-bit vectors. */
    static final int STEPS = 1 << 20;

    @Override public void run() {
        int lanes = Simd.FLOATS.length();
        for (int threads : threadCounts()) {
            try (Scope scope = Parallel.withThreads(threads)) {
                float[] sink = new float[threads];   // each thread's result, so that the JIT keeps every chain
                double ms = Timing.medianMs(() -> Parallel.forRange(threads, i -> sink[i] = chains(STEPS, 1f + i)), warmup, 5, seconds);
                emit(new Row("peak", "fma " + Simd.FLOATS.vectorBitSize() + "-bit", new int[] {16, lanes}, threads, ms,
                        2.0 * 16 * lanes * STEPS * threads, 0));
            }
        }
    }

    /** 16 chains c = c * a + b from 16 different starts (no two alike for the JIT to merge), steps long, summed to one float; a = 0.5 keeps them finite. */
    static float chains(int steps, float seed) {
        FloatVector a = FloatVector.broadcast(Simd.FLOATS, 0.5f), b = FloatVector.broadcast(Simd.FLOATS, seed);
        FloatVector c0 = start(seed + 0), c1 = start(seed + 1), c2 = start(seed + 2), c3 = start(seed + 3);
        FloatVector c4 = start(seed + 4), c5 = start(seed + 5), c6 = start(seed + 6), c7 = start(seed + 7);
        FloatVector c8 = start(seed + 8), c9 = start(seed + 9), c10 = start(seed + 10), c11 = start(seed + 11);
        FloatVector c12 = start(seed + 12), c13 = start(seed + 13), c14 = start(seed + 14), c15 = start(seed + 15);
        for (int p = 0; p < steps; p++) {
            c0 = c0.fma(a, b); c1 = c1.fma(a, b); c2 = c2.fma(a, b); c3 = c3.fma(a, b);
            c4 = c4.fma(a, b); c5 = c5.fma(a, b); c6 = c6.fma(a, b); c7 = c7.fma(a, b);
            c8 = c8.fma(a, b); c9 = c9.fma(a, b); c10 = c10.fma(a, b); c11 = c11.fma(a, b);
            c12 = c12.fma(a, b); c13 = c13.fma(a, b); c14 = c14.fma(a, b); c15 = c15.fma(a, b);
        }
        return Simd.sum(c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11).add(c12).add(c13).add(c14).add(c15));
    }

    private static FloatVector start(float x) { return FloatVector.broadcast(Simd.FLOATS, x); }
}
