package facet.kernels.cpu;

import facet.kernels.plan.KernelPlans;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD width the kernel plan picked for this machine, the switch that forces scalar code, and
 * the two lane operations whose bits must not depend on the JIT.
 *
 * <p>Why {@link #sum} and {@link #exp} exist: {@code reduceLanes(ADD)} leaves the order of its
 * float additions to the implementation, and {@code lanewise(EXP / LOG / TANH / LOG1P)} runs Java
 * code before C2 compiles the caller and a vector math library (SVML) after. Both gave different
 * bits for the same input in one JVM depending on whether the caller was compiled yet, which made
 * a training run with a fixed seed differ run to run (calibration's train accuracy moved between
 * 22.2% and 22.6%). These two use only lane-wise add, multiply, fma, compare and bit operations,
 * which are exactly rounded in every tier.
 */
public final class Simd {
    private Simd() {}

    /** The kernel plan's vector width (KernelPlans): the widest this CPU runs unless a plan asks for narrower. */
    public static final VectorSpecies<Float> FLOATS = KernelPlans.current().species();

    /** -Dfacet.scalar=true makes every vectorised kernel take its scalar path (tests cover both). */
    public static final boolean SCALAR = Boolean.getBoolean("facet.scalar");

    public static String describe() {
        return FLOATS.vectorBitSize() + "-bit vectors, " + FLOATS.length() + " float lanes" + (SCALAR ? " (scalar path forced)" : "");
    }

    /** Rotations by L/2, L/4, ..., 1 lanes: the fixed pairing of {@link #sum}'s tree. */
    private static final VectorShuffle<Float>[] HALVES = halves();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] halves() {
        int levels = Integer.numberOfTrailingZeros(FLOATS.length());
        VectorShuffle<Float>[] s = new VectorShuffle[levels];
        for (int k = 0, half = FLOATS.length() / 2; k < levels; k++, half /= 2) s[k] = VectorShuffle.iota(FLOATS, half, 1, true);
        return s;
    }

    /** The sum of v's lanes as a fixed tree (lane i with lane i + L/2, and so on): the same bits in every JIT tier. */
    public static float sum(FloatVector v) {
        for (VectorShuffle<Float> s : HALVES) v = v.add(v.rearrange(s));
        return v.lane(0);
    }

    private static final float LOG2E = 1.44269504f, LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    /** ln of the largest float and of the smallest normal one; ROUND = 1.5 * 2^23 rounds to an integer when added and taken away. */
    private static final float MAX_X = 88.72283935546875f, MIN_X = -87.3365478515625f, ROUND = 12582912f;

    /**
     * e^x per lane, within about 2 ulp: x = n ln2 + r with |r| <= ln2/2 (ln2 split in two so n ln2
     * is exact), e^r by Cephes' expf polynomial, times 2^n built in the exponent bits as two halves
     * (n reaches 128 and -126, past one normal float's exponent). Below MIN_X the result is 0 (no
     * denormals), above MAX_X +inf, NaN stays NaN; exp(-inf) = 0 matters for attention masks.
     */
    public static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(MIN_X).min(MAX_X);                      // NaN lanes stay NaN through max and min
        FloatVector n = c.fma(LOG2E, ROUND).sub(ROUND);                 // round to nearest: exact for |n| < 2^22
        FloatVector r = n.fma(bc(-LN2_HI), c);
        r = n.fma(bc(-LN2_LO), r);
        FloatVector p = r.fma(1.9875691500e-4f, 1.3981999507e-3f).fma(r, bc(8.3334519073e-3f)).fma(r, bc(4.1665795894e-2f))
                .fma(r, bc(1.6666665459e-1f)).fma(r, bc(5.0000001201e-1f));
        FloatVector y = p.mul(r).fma(r, r).add(1f);
        // 2^n as two halves built in the exponent bits, written out here: a helper taking and returning
        // vectors is not inlined into big callers (C2's node-count cutoff) and then boxes every vector (5x slower gelu)
        IntVector ni = (IntVector) n.convert(VectorOperators.F2I, 0), n1 = ni.lanewise(VectorOperators.ASHR, 1), n2 = ni.sub(n1);
        y = y.mul(n1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats())
                .mul(n2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats());
        y = y.blend(0f, x.compare(VectorOperators.LT, MIN_X));
        return y.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.GT, MAX_X));
    }

    private static FloatVector bc(float v) { return FloatVector.broadcast(FLOATS, v); }
}
