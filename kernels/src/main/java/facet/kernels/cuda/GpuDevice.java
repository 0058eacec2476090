package facet.kernels.cuda;

import java.util.List;

/**
 * What the CUDA backend needs from a device: launches in stream order, 32-bit fills, copies to and
 * from host arrays, and a caching allocator. {@link CudaDevice} is a real GPU through JCuda;
 * {@link EmulatedDevice} runs the same kernels on the CPU emulator built from kernels/src/test/cuda,
 * so the backend and its tests can run end to end on a machine without a GPU.
 */
public interface GpuDevice {
    /** Queues one launch. */
    void run(Launch launch);

    /** Queues the launches in order ({@code null}, "nothing to do", is skipped). */
    default void run(List<Launch> launches) {
        for (Launch l : launches) if (l != null) run(l);
    }

    /** Sets {@code words} 32-bit words at address to value, in stream order. */
    void fill32(long address, int value, long words);

    /** Copies a float[], double[] or int[] to address, after queued work. */
    void upload(Object array, long address);

    /** Fills a float[], double[] or int[] from address, after queued work. */
    void download(long address, Object array);

    /** Waits for all queued work. */
    void synchronize();

    DeviceAllocator allocator();

    int multiprocessors();

    String name();

    long totalMemory();
}
