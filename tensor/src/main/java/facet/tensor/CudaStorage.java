package facet.tensor;

import facet.kernels.cuda.GpuDevice;
import facet.kernels.cuda.DeviceAllocator;

import java.lang.ref.Cleaner;

/**
 * A buffer in GPU memory from the device's caching allocator. When the storage becomes
 * unreachable its block goes back to the allocator's free list (a Cleaner action that holds the
 * block, never the storage); reuse is safe because all work runs on the device's one stream.
 */
final class CudaStorage implements Storage {
    private static final Cleaner CLEANER = Cleaner.create();

    private final Device device;
    private final DType dtype;
    private final int length;
    private final DeviceAllocator.Block block;

    /** Uninitialised memory for n elements; callers fill it. */
    CudaStorage(GpuDevice gpu, Device device, DType dtype, int length) {
        this.device = device;
        this.dtype = dtype;
        this.length = length;
        this.block = gpu.allocator().allocate((long) length * dtype.bytes);
        CLEANER.register(this, block::release);
    }

    @Override public Device device() { return device; }

    @Override public DType dtype() { return dtype; }

    @Override public int length() { return length; }

    /** The device address of element 0. */
    long address() { return block.address; }
}
