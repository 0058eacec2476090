package facet.kernels.cuda;

/** A CUDA grid or block size. */
public record Dim3(int x, int y, int z) {
    /** Grid limits of every card since compute capability 3.0. */
    public static final long MAX_X = Integer.MAX_VALUE, MAX_YZ = 65535;

    public Dim3 {
        if (x < 1 || y < 1 || z < 1 || y > MAX_YZ || z > MAX_YZ) {
            throw new IllegalArgumentException("grid/block (" + x + ", " + y + ", " + z + ") is outside CUDA's limits");
        }
    }

    public static Dim3 of(int x) { return new Dim3(x, 1, 1); }

    public long count() { return (long) x * y * z; }
}
