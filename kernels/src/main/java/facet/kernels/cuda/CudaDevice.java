package facet.kernels.cuda;

import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUfunction_attribute;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One GPU as Facet uses it: the device's primary context, one stream that every kernel and copy
 * goes through (so work is ordered without events), the module loaded from the fatbin, a
 * caching allocator, and host/device copies. Every driver call is checked; a failed launch names
 * its kernel. With {@code -Dfacet.cuda.sync=true} each launch is followed by a stream
 * synchronisation, so an asynchronous fault (a bad address) is reported against its own kernel
 * instead of a later call; the GPU test suite runs that way.
 *
 * <p>{@link #unavailableReason(int)} says in one sentence why a device cannot be used: kernels
 * not built, JCuda's driver library not loading (no libcuda.so.1), no device. JCuda's native
 * library is tried once per process: a failed static initialiser throws UnsatisfiedLinkError
 * the first time and only NoClassDefFoundError afterwards, so the first message is kept.
 */
public final class CudaDevice implements GpuDevice {
    private static final boolean SYNC = Boolean.getBoolean("facet.cuda.sync");
    private static final Map<Integer, GpuDevice> DEVICES = new HashMap<>();
    private static final Map<Integer, String> FAILED = new HashMap<>();
    private static String driverFailure;          // why the driver library or cuInit failed, once
    private static boolean driverReady;

    private final int index;
    private final String name;
    private final long totalMemory;
    private final int smCount;
    private final CUcontext context = new CUcontext();
    private final CUstream stream = new CUstream();
    private final CUmodule module = new CUmodule();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final Map<Long, CUdeviceptr> blocks = new HashMap<>();
    private final DeviceAllocator allocator;
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);

    private CudaDevice(int index) {
        this.index = index;
        CUdevice dev = new CUdevice();
        check(JCudaDriver.cuDeviceGet(dev, index), "cuDeviceGet(" + index + ")");
        byte[] nm = new byte[256];
        check(JCudaDriver.cuDeviceGetName(nm, nm.length, dev), "cuDeviceGetName");
        int len = 0;
        while (len < nm.length && nm[len] != 0) len++;
        name = new String(nm, 0, len, StandardCharsets.UTF_8);
        long[] mem = new long[1];
        check(JCudaDriver.cuDeviceTotalMem(mem, dev), "cuDeviceTotalMem");
        totalMemory = mem[0];
        int[] sms = new int[1];
        check(JCudaDriver.cuDeviceGetAttribute(sms, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT, dev),
                "cuDeviceGetAttribute");
        smCount = sms[0];
        check(JCudaDriver.cuDevicePrimaryCtxRetain(context, dev), "cuDevicePrimaryCtxRetain");
        makeCurrent();
        // Blocking w.r.t. the legacy stream: synchronous cuMemcpy calls order themselves after queued kernels.
        check(JCudaDriver.cuStreamCreate(stream, 0), "cuStreamCreate");
        check(JCudaDriver.cuModuleLoadData(module, KernelImage.fatbin()), "cuModuleLoadData(facet.fatbin)");
        allocator = new DeviceAllocator(new DeviceAllocator.RawMemory() {
            @Override public long malloc(long bytes) { return rawMalloc(bytes); }
            @Override public void free(long address) { rawFree(address); }
        }, CudaDevice::collectGarbage, Math.max(256L << 20, totalMemory / 16));
    }

    // =========================================================================================
    // Availability
    // =========================================================================================

    /**
     * Null when device {@code index} can be used, else one sentence saying why not. With
     * {@code -Dfacet.cuda.emulator=PATH} (the emulate binary the build leaves in
     * kernels/target/cuda) device 0 is the CPU emulator instead of a GPU.
     */
    public static synchronized String unavailableReason(int index) {
        if (DEVICES.containsKey(index)) return null;
        if (FAILED.containsKey(index)) return FAILED.get(index);
        String emulator = System.getProperty("facet.cuda.emulator");
        if (emulator != null) {
            if (index != 0) return "the CUDA emulator provides cuda:0 only";
            try {
                DEVICES.put(0, new EmulatedDevice(java.nio.file.Path.of(emulator)));
                return null;
            } catch (CudaException e) {
                FAILED.put(0, e.getMessage());
                return e.getMessage();
            }
        }
        if (!KernelImage.built()) return KernelImage.status();
        String why = initDriver();
        if (why == null) {
            try {
                DEVICES.put(index, new CudaDevice(index));
            } catch (CudaException e) {
                why = "CUDA device " + index + " cannot be used: " + e.getMessage();
            }
        }
        if (why != null) FAILED.put(index, why);
        return why;
    }

    /** The device, or an IllegalStateException carrying {@link #unavailableReason(int)}. */
    public static synchronized GpuDevice get(int index) {
        String why = unavailableReason(index);
        if (why != null) throw new IllegalStateException("cuda:" + index + " is not available: " + why);
        return DEVICES.get(index);
    }

    private static String initDriver() {
        if (driverReady) return null;
        if (driverFailure != null) return driverFailure;
        try {
            JCudaDriver.setExceptionsEnabled(false);
            int r = JCudaDriver.cuInit(0);
            if (r != CUresult.CUDA_SUCCESS) {
                driverFailure = "cuInit failed with " + CUresult.stringFor(r) + " (no usable GPU or driver)";
            } else {
                int[] count = new int[1];
                JCudaDriver.cuDeviceGetCount(count);
                if (count[0] == 0) driverFailure = "the CUDA driver sees no GPU";
            }
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            driverFailure = reasonFrom(e);
        }
        driverReady = driverFailure == null;
        return driverFailure;
    }

    /**
     * One line from JCuda's loading error: its message runs to dozens of lines of nested stack
     * traces; the line naming the missing shared object (libcuda.so.1 on a machine without a
     * driver) is the one that says what to fix.
     */
    public static String reasonFrom(Throwable t) {
        String msg = t.getMessage() == null ? t.toString() : t.getMessage();
        String best = null;
        for (String line : msg.split("\\R")) {
            if (line.contains("cannot open shared object file") || line.contains("libcuda")) best = line.strip();
        }
        if (best == null) best = msg.lines().findFirst().orElse(t.toString()).strip();
        // drop leading "java.lang.UnsatisfiedLinkError: " and "/tmp/libJCudaDriver-....so: " prefixes
        for (int colon = best.indexOf(": "); colon > 0 && (best.startsWith("java.") || best.substring(0, colon).contains("/"));
             colon = best.indexOf(": ")) {
            best = best.substring(colon + 2);
        }
        return "JCuda's driver library did not load (" + best + ")";
    }

    // =========================================================================================
    // Launches
    // =========================================================================================

    @Override public void run(Launch l) {
        makeCurrent();
        CUfunction f = function(l.kernel(), l.sharedBytes());
        int r = JCudaDriver.cuLaunchKernel(f, l.grid().x(), l.grid().y(), l.grid().z(), l.block().x(), l.block().y(),
                l.block().z(), l.sharedBytes(), stream, l.args().toPointer(), null);
        if (r != CUresult.CUDA_SUCCESS) throw new CudaException("launch of " + l + " failed: " + CUresult.stringFor(r));
        if (SYNC) {
            r = JCudaDriver.cuStreamSynchronize(stream);
            if (r != CUresult.CUDA_SUCCESS) throw new CudaException("kernel " + l.kernel() + " failed: " + CUresult.stringFor(r) + " (" + l + ")");
        }
    }

    private CUfunction function(String kernel, int sharedBytes) {
        CUfunction f = functions.get(kernel);
        if (f == null) {
            f = new CUfunction();
            check(JCudaDriver.cuModuleGetFunction(f, module, kernel), "cuModuleGetFunction(" + kernel + ")");
            functions.put(kernel, f);
        }
        if (sharedBytes > 48 * 1024) {      // dynamic shared memory past 48 KiB is opt-in per kernel
            check(JCudaDriver.cuFuncSetAttribute(f, CUfunction_attribute.CU_FUNC_ATTRIBUTE_MAX_DYNAMIC_SHARED_SIZE_BYTES,
                    sharedBytes), "cuFuncSetAttribute(" + kernel + ")");
        }
        return f;
    }

    /** Waits for all queued work; a fault of an earlier kernel surfaces here. */
    @Override public void synchronize() {
        makeCurrent();
        check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize");
    }

    // =========================================================================================
    // Memory
    // =========================================================================================

    @Override public DeviceAllocator allocator() { return allocator; }

    /** Sets n 32-bit words at address to value, in stream order (zero fill, and scalars without a host copy). */
    @Override public void fill32(long address, int value, long words) {
        if (words == 0) return;
        makeCurrent();
        check(JCudaDriver.cuMemsetD32Async(at(address), value, words, stream), "cuMemsetD32Async");
    }

    /** Host to device, after all queued work (the stream is blocking, the copy synchronous). */
    @Override public void upload(Object array, long address) {
        long bytes = bytes(array);
        if (bytes == 0) return;
        makeCurrent();
        check(JCudaDriver.cuMemcpyHtoD(at(address), host(array), bytes), "cuMemcpyHtoD(" + bytes + " bytes)");
    }

    /** Device to host, waiting for all queued work first. */
    @Override public void download(long address, Object array) {
        long bytes = bytes(array);
        Pointer host = host(array);
        if (bytes == 0) return;
        makeCurrent();
        check(JCudaDriver.cuStreamSynchronize(stream), "cuStreamSynchronize before cuMemcpyDtoH");
        check(JCudaDriver.cuMemcpyDtoH(host, at(address), bytes), "cuMemcpyDtoH(" + bytes + " bytes)");
    }

    private static CUdeviceptr at(long address) { return new CUdeviceptr().withByteOffset(address); }

    private static Pointer host(Object array) {
        return switch (array) {
            case float[] f -> Pointer.to(f);
            case double[] d -> Pointer.to(d);
            case int[] i -> Pointer.to(i);
            default -> throw new IllegalArgumentException("copies take float[], double[] or int[], not " + array.getClass().getSimpleName());
        };
    }

    static long bytes(Object array) {
        return (long) java.lang.reflect.Array.getLength(array) * (array instanceof double[] ? 8 : 4);
    }

    private long rawMalloc(long bytes) {
        makeCurrent();
        AddressedPtr p = new AddressedPtr();
        int r = JCudaDriver.cuMemAlloc(p, bytes);
        if (r == CUresult.CUDA_ERROR_OUT_OF_MEMORY) return 0;
        check(r, "cuMemAlloc(" + bytes + ")");
        synchronized (blocks) { blocks.put(p.address(), p); }
        return p.address();
    }

    private void rawFree(long address) {
        makeCurrent();
        CUdeviceptr p;
        synchronized (blocks) { p = blocks.remove(address); }
        check(JCudaDriver.cuMemFree(p), "cuMemFree");
    }

    /** Lets unreachable tensors hand their blocks back: their Cleaner actions run after a collection. */
    private static void collectGarbage() {
        System.gc();
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** cuMemAlloc's pointer with its address readable (JCuda keeps it in a protected field). */
    private static final class AddressedPtr extends CUdeviceptr {
        long address() { return getNativePointer(); }
    }

    // =========================================================================================
    // Properties and plumbing
    // =========================================================================================

    public int index() { return index; }

    @Override public String name() { return name; }

    @Override public long totalMemory() { return totalMemory; }

    @Override public int multiprocessors() { return smCount; }

    /** The driver's primary context is current per thread; make it current on this one once. */
    private void makeCurrent() {
        if (!current.get()) {
            check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent");
            current.set(true);
        }
    }

    static void check(int result, String what) {
        if (result != CUresult.CUDA_SUCCESS) throw new CudaException(what + " failed: " + CUresult.stringFor(result));
    }

}
