package facet.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One AdamW step in a single pass, in place on p, m and v (contiguous, same length):
 * m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2,
 * p = p (1 - lr wd) - lr (m / c1) / (sqrt(v / c2) + eps), c1 = 1 - b1^t, c2 = 1 - b2^t.
 * Each operation rounds where Backend.adamw's composed tensor ops round (same order, divisions
 * not replaced by reciprocals, scalars rounded to float first), so the fused step is bit-identical
 * to the composed one and to adamw.cu. Reads four arrays and writes three: 28 bytes per parameter.
 */
public final class AdamW {
    private AdamW() {}

    private static final VectorSpecies<Float> S = Simd.FLOATS;
    private static final int L = S.length();

    public static void step(float[] p, float[] g, float[] m, float[] v, int n, double lr, double b1, double b2,
                            double eps, double weightDecay, long t) {
        float decay = (float) (1 - lr * weightDecay), c1 = (float) (1 - Math.pow(b1, t)), c2 = (float) (1 - Math.pow(b2, t));
        float fb1 = (float) b1, fb2 = (float) b2, fa1 = (float) (1 - b1), fa2 = (float) (1 - b2), flr = (float) lr, feps = (float) eps;
        int chunk = 1 << 14, chunks = (n + chunk - 1) / chunk;
        Parallel.forRange(chunks, n, ci -> {
            int from = ci * chunk, to = Math.min(n, from + chunk), j = from;
            if (!Simd.SCALAR) {
                for (int bound = from + S.loopBound(to - from); j < bound; j += L) {
                    FloatVector vg = FloatVector.fromArray(S, g, j);
                    FloatVector vm = FloatVector.fromArray(S, m, j).mul(fb1).add(vg.mul(fa1));
                    FloatVector vv = FloatVector.fromArray(S, v, j).mul(fb2).add(vg.mul(vg).mul(fa2));
                    vm.intoArray(m, j);
                    vv.intoArray(v, j);
                    FloatVector upd = vm.div(c1).div(vv.div(c2).sqrt().add(feps));
                    FloatVector.fromArray(S, p, j).mul(decay).sub(upd.mul(flr)).intoArray(p, j);
                }
            }
            for (; j < to; j++) {
                m[j] = m[j] * fb1 + g[j] * fa1;
                v[j] = v[j] * fb2 + g[j] * g[j] * fa2;
                float upd = m[j] / c1 / ((float) Math.sqrt(v[j] / c2) + feps);   // sqrt of a float in double rounds to the float sqrt
                p[j] = p[j] * decay - upd * flr;
            }
        });
    }
}
