package facet.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The SIMD width the Vector API picked for this machine, and the switch that forces scalar code. */
public final class Simd {
    private Simd() {}

    public static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;

    /** -Dfacet.scalar=true makes every vectorised kernel take its scalar path (tests cover both). */
    public static final boolean SCALAR = Boolean.getBoolean("facet.scalar");

    public static String describe() {
        return FLOATS.vectorBitSize() + "-bit vectors, " + FLOATS.length() + " float lanes" + (SCALAR ? " (scalar path forced)" : "");
    }
}
