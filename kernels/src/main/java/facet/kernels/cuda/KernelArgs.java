package facet.kernels.cuda;

import jcuda.Pointer;

import java.util.ArrayList;
import java.util.List;

/**
 * The argument list of one kernel launch, in declaration order, packed the way cuLaunchKernel
 * reads it: one host pointer per parameter to exactly that parameter's bytes.
 *
 * <p>Kinds and their C types: {@code i32} int, {@code i64} long long, {@code f32} float,
 * {@code ptr} a device pointer (passed as its 64-bit address), and the structs of common.cuh:
 * {@code sizes} (Sizes: rank + {@value #MAX_DIMS} sizes, 28 bytes), {@code strides} (Strides:
 * {@value #MAX_DIMS} ints, 24 bytes), and {@code struct} for a plain struct of ints (ConvShape,
 * PoolShape). {@link #byteSizes()} is what tests compare with the PTX parameter list.
 */
public final class KernelArgs {
    /** FACET_MAX_DIMS of common.cuh. */
    public static final int MAX_DIMS = 6;

    private final List<Object> values = new ArrayList<>();   // Integer, Long, Float or int[]
    private final List<String> kinds = new ArrayList<>();

    public KernelArgs i32(int v) { return add("i32", v); }

    public KernelArgs i64(long v) { return add("i64", v); }

    public KernelArgs f32(float v) { return add("f32", v); }

    /** A device address; 0 is the null pointer. */
    public KernelArgs ptr(long address) { return add("ptr", address); }

    /** A Sizes struct: the rank, then the sizes padded with 1. */
    public KernelArgs sizes(int[] sizes) {
        checkRank(sizes.length);
        int[] packed = new int[MAX_DIMS + 1];
        packed[0] = sizes.length;
        for (int d = 0; d < MAX_DIMS; d++) packed[d + 1] = d < sizes.length ? sizes[d] : 1;
        return add("sizes", packed);
    }

    /** A Strides struct, padded with 0. */
    public KernelArgs strides(int[] strides) {
        checkRank(strides.length);
        int[] packed = new int[MAX_DIMS];
        System.arraycopy(strides, 0, packed, 0, strides.length);
        return add("strides", packed);
    }

    /** A struct of ints, by value. */
    public KernelArgs struct(int... fields) { return add("struct", fields.clone()); }

    private static void checkRank(int rank) {
        if (rank > MAX_DIMS) {
            throw new IllegalArgumentException("CUDA kernels take at most " + MAX_DIMS + " dims after merging contiguous ones, got " + rank);
        }
    }

    private KernelArgs add(String kind, Object v) {
        kinds.add(kind);
        values.add(v);
        return this;
    }

    public int size() { return values.size(); }

    public List<String> kinds() { return List.copyOf(kinds); }

    /** The value of parameter i: an Integer, Long, Float or a copy of an int[] struct. */
    public Object value(int i) {
        Object v = values.get(i);
        return v instanceof int[] a ? a.clone() : v;
    }

    /** Bytes of each parameter as the kernel sees it. */
    public int[] byteSizes() {
        int[] out = new int[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (values.get(i)) {
                case Integer ignored -> 4;
                case Float ignored -> 4;
                case Long ignored -> 8;
                case int[] a -> 4 * a.length;
                default -> throw new IllegalStateException("unreachable");
            };
        }
        return out;
    }

    /** kernelParams for cuLaunchKernel: a pointer to an array of pointers, one per parameter. */
    Pointer toPointer() {
        Pointer[] ps = new Pointer[values.size()];
        for (int i = 0; i < ps.length; i++) {
            ps[i] = switch (values.get(i)) {
                case Integer v -> Pointer.to(new int[] {v});
                case Float v -> Pointer.to(new float[] {v});
                case Long v -> Pointer.to(new long[] {v});
                case int[] a -> Pointer.to(a);
                default -> throw new IllegalStateException("unreachable");
            };
        }
        return Pointer.to(ps);
    }

    @Override public String toString() { return String.join(" ", kinds); }
}
