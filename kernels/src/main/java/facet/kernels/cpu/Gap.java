package facet.kernels.cpu;

import facet.kernels.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Global average pooling: x (outer, A, inner), contiguous from 0 -> out (outer, inner), the mean
 * over A. inner = 1 (a ResNet's planes, ESGM's channels) is a row sum, vectorised along A;
 * inner > 1 (ESGM's pooling over tokens) adds A rows of inner values, vectorised along inner.
 * Row sums are Reduce's (float lanes flushed to double); column sums keep float lanes (A is a few hundred at most
 * in the models). Bottleneck: memory, 4 bytes read per element.
 */
public final class Gap {
    private Gap() {}

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int L = S.length();

    public static void forward(int outer, int a, int inner, float[] x, float[] out) {
        if (inner == 1) {
            Parallel.forRange(outer, (long) outer * a, o -> out[o] = (float) (Reduce.row(ReduceOp.SUM, x, o * a, a) / a));
        } else {
            Parallel.forRange(outer, (long) outer * a * inner, o -> columnMeans(x, o * a * inner, a, inner, out, o * inner));
        }
    }

    /** out[at + i] = mean over k of x[o + k inner + i]: the A rows of one outer index added lane-wise. */
    private static void columnMeans(float[] x, int o, int a, int inner, float[] out, int at) {
        int i = 0;
        if (!Simd.SCALAR) {
            for (int bound = S.loopBound(inner); i < bound; i += L) {
                FloatVector acc = FloatVector.zero(S);
                for (int k = 0; k < a; k++) acc = acc.add(FloatVector.fromArray(S, x, o + k * inner + i));
                acc.div(a).intoArray(out, at + i);
            }
        }
        for (; i < inner; i++) {
            double total = 0;
            for (int k = 0; k < a; k++) total += x[o + k * inner + i];
            out[at + i] = (float) (total / a);
        }
    }
}
