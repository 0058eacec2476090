package facet.tensor;

import facet.kernels.cuda.CudaDevice;
import facet.kernels.Scope;
import facet.kernels.cuda.Gemm;

/** Picks the backend for a device and dtype: the only place device dispatch happens. */
public final class Backends {
    private Backends() {}

    public static Backend of(Device device, DType dtype) {
        if (device.kind() == Device.Kind.CPU) {
            return Profiler.wrap(dtype == DType.F64 ? ReferenceBackend.INSTANCE : CpuBackend.INSTANCE);
        }
        String why = CudaDevice.unavailableReason(device.index());
        if (why != null) throw new IllegalStateException("device " + device + " is not available: " + why);
        return CudaBackend.of(device);
    }

    /**
     * The same backend with every fusable op run as its default composition of primitives: what
     * a fused kernel is tested and benchmarked against.
     */
    public static Backend composed(Backend b) {
        return (Backend) java.lang.reflect.Proxy.newProxyInstance(Backend.class.getClassLoader(), new Class<?>[] {Backend.class},
                (proxy, m, args) -> {
                    if (m.isDefault()) return java.lang.reflect.InvocationHandler.invokeDefault(proxy, m, args);
                    try {
                        return m.invoke(b, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** Null when cuda:0 can be used; otherwise one sentence saying why not (kernels not built, no driver, no GPU). */
    public static String cudaUnavailableReason() { return CudaDevice.unavailableReason(0); }

    /** cuda:0's card, memory, matmul precision and allocator figures (high-water mark included); CUDA must be available. */
    public static String describeCuda() { return CudaBackend.of(Device.cuda(0)).describe(); }

    /**
     * Selects the core of CUDA matmul and convolution: FP32 (the default) or TF32 tensor cores,
     * about 1e-3 relative error instead of 1e-6, until the scope closes and the one before returns.
     * For a whole run: -Dfacet.cuda.matmul=tf32.
     */
    public static Scope withCudaMatmulPrecision(Gemm.Precision p) {
        Gemm.Precision before = CudaBackend.precision;
        CudaBackend.precision = p;
        return () -> CudaBackend.precision = before;
    }

    public static Gemm.Precision cudaMatmulPrecision() { return CudaBackend.precision; }
}
